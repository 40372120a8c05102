import type { Snapshot } from '../allocation/types.js';
import { packReservations } from '../allocation/split-limits.js';
import { InputError } from '../engine/input-error.js';
import { modelPreset } from '../llm/architectures.js';
import { loraFlopsPerLayer } from '../llm/lora.js';
import {
  activationBytesPerLayer,
  adapterTrainingBytesPerLayer,
  alphaMax,
  frozenLayerBytes,
  headActivationBytes,
  headWeightBytes,
  type TrainingMemoryOptions,
} from '../llm/memory.js';
import type { World } from '../system/world.js';
import type { Topology } from './schema.js';

/**
 * The device limits of a built world (ours, docs/device-limits.md): each
 * phone's alphaMax from its memory, the privacy floor of its group, each
 * user's share of a site's memory, and the users who cannot join (their
 * phone holds not even one layer, their floor is above what it holds, or no
 * site has room for them), each with the reason. Without `llm.memory` and
 * `alphaMin` the world is left as the paper's.
 */
export function applyDeviceLimits(topology: Topology, world: World, source: string | undefined): void {
  const Y = world.llm.layers;
  const memory = topology.llm.memory;
  let u0 = 0;
  topology.users.forEach((g, i) => {
    if (g.alphaMin !== undefined && g.alphaMin > Y - 1) {
      throw new InputError(source, `users.${i}.alphaMin`, `expected at most ${Y - 1} (the model has ${Y} layers; the cut must leave one to the site), got ${g.alphaMin}`);
    }
    if (memory === undefined && g.hardware.memoryBytes !== undefined) {
      throw new InputError(source, `users.${i}.hardware.memoryBytes`, 'needs llm.memory (the model and LoRA whose footprint the memory must hold)');
    }
    for (let k = 0; k < g.count; k++) if (g.alphaMin !== undefined) world.users[u0 + k].params.alphaMin = g.alphaMin;
    u0 += g.count;
  });
  topology.servers.forEach((g, i) => {
    if (memory === undefined && g.hardware.memoryBytes !== undefined) {
      throw new InputError(source, `servers.${i}.hardware.memoryBytes`, 'needs llm.memory (the model and LoRA whose footprint the memory must hold)');
    }
  });
  if (memory !== undefined) {
    const model = modelPreset(memory.model);
    if (model.layers !== Y || model.hidden !== world.llm.hidden) {
      throw new InputError(
        source,
        'llm.memory.model',
        `expected a model with the llm section's ${Y} layers of width ${world.llm.hidden}, got ${memory.model} (${model.layers} layers of width ${model.hidden}); choose a matching llm.preset, e.g. llama-7b for llama-2-7b`,
      );
    }
    const phone: TrainingMemoryOptions = { weightBits: memory.weightBits, lora: memory.lora as TrainingMemoryOptions['lora'], recomputeAttentionScores: memory.recomputeAttentionScores };
    const site: TrainingMemoryOptions = { ...phone, weightBits: memory.siteWeightBits ?? memory.weightBits };
    try {
      adapterTrainingBytesPerLayer(model, phone.lora);
    } catch (err) {
      throw new InputError(source, 'llm.memory.lora', (err as Error).message);
    }
    const batch = world.llm.batch;
    for (const u of world.users) {
      const p = u.params;
      if (u.memoryBytes !== undefined) p.alphaMax = alphaMax(u.memoryBytes, model, phone, batch, p.tokens);
      p.siteBytesPerLayer = adapterTrainingBytesPerLayer(model, site.lora) + activationBytesPerLayer(model, site, batch, p.tokens);
      p.siteHeadBytes = headActivationBytes(model, batch, p.tokens);
      p.loraFlopsPerLayer = loraFlopsPerLayer(model, phone.lora, batch, p.tokens);
    }
    world.siteMemory = { frozenLayerBytes: frozenLayerBytes(model, site.weightBits), headWeightBytes: headWeightBytes(model, false) };
  }
  for (const u of world.users) {
    const { alphaMin: lo = 1, alphaMax: hi } = u.params;
    if (hi === 0) u.excluded = 'phone memory holds not one layer';
    else if (hi !== undefined && lo > hi) u.excluded = `privacy floor alphaMin = ${lo} above the ${hi} layers the phone's memory holds`;
  }
  if (world.siteMemory !== undefined && world.servers.some((s) => s.params.memoryBytes !== undefined)) {
    const candidates = world.users.filter((u) => u.excluded === undefined);
    const snapshot = { layers: Y, users: candidates.map((u) => u.params), servers: world.servers.map((s) => s.params), siteMemory: world.siteMemory } as Snapshot;
    const homes = packReservations(snapshot);
    candidates.forEach((u, k) => {
      if (homes[k] === undefined) u.excluded = 'no edge site has memory left for its layers';
      else u.params.memoryHomeServer = homes[k];
    });
  }
}
