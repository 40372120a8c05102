import type { Position } from '../engine/geometry.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams } from '../engine/random.js';
import type { CandidateLinks, Snapshot } from '../allocation/types.js';
import { candidateLimit } from '../system/config.js';
import { SiteIndex } from '../radio/site-index.js';
import type { LlmConfig, ServerEntity, SnapshotUsers, UserEntity, World } from '../system/world.js';
import { normaliseWeights } from '../allocation/weights.js';
import { activationBits } from '../llm/cost.js';
import { llmPreset } from '../llm/presets.js';
import { createPathLoss } from '../radio/registry.js';
import { gainFromLossDb } from '../radio/pathloss.js';
import { applyDeviceLimits } from './device-limits.js';
import { sampleDistribution } from './distribution.js';
import type { Placement, Topology } from './schema.js';

export type { Position } from '../engine/geometry.js';

export type { LlmConfig, ServerEntity, SnapshotUsers, UserEntity, World } from '../system/world.js';

/** dBm/Hz plus a noise figure in dB, as W/Hz. */
export function noiseWPerHz(noiseDbmPerHz: number, noiseFigureDb: number): number {
  return Math.pow(10, (noiseDbmPerHz + noiseFigureDb - 30) / 10);
}

/** Centres of the first `count` cells of a near-square grid over the area, row by row. */
export function gridPositions(count: number, widthM: number, heightM: number): Position[] {
  const cols = Math.max(1, Math.ceil(Math.sqrt((count * widthM) / heightM)));
  const rows = Math.ceil(count / cols);
  const out: Position[] = [];
  for (let i = 0; i < count; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    out.push({ xM: ((c + 0.5) * widthM) / cols, yM: ((r + 0.5) * heightM) / rows });
  }
  return out;
}

function place(placement: Placement, count: number, topology: Topology, streams: RandomStreams, prefix: string): Position[] {
  const { widthM, heightM } = topology.area;
  switch (placement.kind) {
    case 'listed':
      return placement.positions.map((p) => ({ xM: p.xM, yM: p.yM }));
    case 'grid':
      return gridPositions(count, widthM, heightM);
    case 'random':
      return Array.from({ length: count }, (_, i) => {
        const s = streams.stream(`${prefix}/${i}/position`);
        return { xM: s.uniform(0, widthM), yM: s.uniform(0, heightM) };
      });
  }
}

/**
 * Resolves a topology with a seed. Every drawn value comes from a stream
 * named `scenario/<group>/<member>/<field>`, so adding a group, a member at
 * the end of a group or a field leaves every other draw unchanged.
 */
export function buildWorld(topology: Topology, seed: number = topology.seed, source?: string): World {
  const streams = new RandomStreams(seed);
  let preset;
  try {
    preset = llmPreset(topology.llm.preset);
  } catch (err) {
    throw new InputError(source, 'llm.preset', (err as Error).message);
  }
  const llm: LlmConfig = {
    preset: topology.llm.preset,
    layers: topology.llm.layers ?? preset.layers,
    hidden: topology.llm.hiddenSize ?? preset.hidden,
    batch: topology.llm.batchSize,
    bitsPerValue: topology.llm.bitsPerValue,
    lipschitz: topology.llm.lipschitz,
  };
  const draw = (prefix: string, member: number, field: string, d: Parameters<typeof sampleDistribution>[0]): number =>
    sampleDistribution(d, streams.stream(`${prefix}/${member}/${field}`));

  const servers: ServerEntity[] = [];
  for (const g of topology.servers) {
    const prefix = `scenario/${g.name}`;
    const positions = place(g.placement, g.count, topology, streams, prefix);
    for (let i = 0; i < g.count; i++) {
      const h = g.hardware;
      servers.push({
        index: servers.length,
        group: g.name,
        member: i,
        position: positions[i],
        antennaHeightM: g.antennaHeightM,
        params: {
          cores: draw(prefix, i, 'gpuCores', h.gpuCores),
          flopsPerCycle: draw(prefix, i, 'flopsPerCycle', h.flopsPerCycle),
          maxFreqHz: draw(prefix, i, 'maxFreqHz', h.maxFreqHz),
          kappa: draw(prefix, i, 'kappa', h.kappa),
          bandwidthHz: draw(prefix, i, 'bandwidthHz', h.bandwidthHz),
          ...(h.memoryBytes !== undefined ? { memoryBytes: draw(prefix, i, 'memoryBytes', h.memoryBytes) } : {}),
        },
      });
    }
  }

  const users: UserEntity[] = [];
  for (const g of topology.users) {
    const prefix = `scenario/${g.name}`;
    const positions = place(g.placement, g.count, topology, streams, prefix);
    for (let i = 0; i < g.count; i++) {
      const h = g.hardware;
      const tokens = draw(prefix, i, 'tokensPerSample', g.data.tokensPerSample);
      users.push({
        index: users.length,
        group: g.name,
        member: i,
        position: positions[i],
        antennaHeightM: g.antennaHeightM,
        params: {
          tokens,
          samples: draw(prefix, i, 'samples', g.data.samples),
          cores: draw(prefix, i, 'gpuCores', h.gpuCores),
          flopsPerCycle: draw(prefix, i, 'flopsPerCycle', h.flopsPerCycle),
          maxFreqHz: draw(prefix, i, 'maxFreqHz', h.maxFreqHz),
          kappa: draw(prefix, i, 'kappa', h.kappa),
          maxTxPowerW: draw(prefix, i, 'maxTxPowerW', h.maxTxPowerW),
          activationBits: activationBits(llm.batch, tokens, llm.hidden, llm.bitsPerValue),
        },
        ...(h.memoryBytes !== undefined ? { memoryBytes: draw(prefix, i, 'memoryBytes', h.memoryBytes) } : {}),
        ...(h.thermal !== undefined ? { thermal: { ...h.thermal, initialC: h.thermal.initialC ?? h.thermal.ambientC } } : {}),
        ...(h.battery !== undefined ? { battery: h.battery } : {}),
      });
    }
  }

  const world: World = {
    seed,
    llm,
    users,
    servers,
    noiseWPerHz: noiseWPerHz(topology.radio.noiseDbmPerHz, topology.radio.noiseFigureDb),
    rawWeights: { time: topology.weights.time, energy: topology.weights.energy, stability: topology.weights.stability },
    normalise: topology.weights.normalise,
    includeAirtime: topology.objective.includeAirtime,
    pathLoss: createPathLoss(topology.radio.pathLoss),
    candidateSites: candidateLimit(topology.simulation, servers.length),
  };
  applyDeviceLimits(topology, world, source);
  return world;
}

/**
 * The line-of-sight draw of link (n, m): the first number of the stream
 * `los/u<n>/s<m>` of the world's seed, the draw the run's channel makes for
 * the same link, so solve and run see one geometry. Undefined when the
 * path-loss model does not draw LOS.
 */
export function losUniform(world: World, streams: RandomStreams, user: number, server: number): number | undefined {
  return world.pathLoss.needsLosDraw ? streams.fresh(`los/u${user}/s${server}`).next() : undefined;
}

/** Linear path gain of link (n, m) with user n at p (LOS draw included). */
function pathGain(world: World, streams: RandomStreams, n: number, m: number, p: Position): number {
  const u = world.users[n];
  const s = world.servers[m];
  const dx = p.xM - s.position.xM;
  const dy = p.yM - s.position.yM;
  return gainFromLossDb(
    world.pathLoss.lossDb({
      distance2dM: Math.hypot(dx, dy),
      userHeightM: u.antennaHeightM,
      serverHeightM: s.antennaHeightM,
      losUniform: losUniform(world, streams, n, m),
    }),
  );
}

/** Linear path gains between every user and server at the given positions. */
export function pathGains(world: World, userPositions: readonly Position[] = world.users.map((u) => u.position)): number[][] {
  const streams = new RandomStreams(world.seed);
  return world.users.map((_u, n) => world.servers.map((_s, m) => pathGain(world, streams, n, m, userPositions[n])));
}

/** Whether the world links each user to its nearest sites only (more sites than `candidateSites`). */
export function hasCandidates(world: World): boolean {
  return world.candidateSites !== undefined && world.candidateSites < world.servers.length;
}

/** The sparse form of `pathGains`: each user's `candidateSites` nearest sites and the path gains to them. */
export function candidatePathGains(world: World, userPositions: readonly Position[] = world.users.map((u) => u.position)): CandidateLinks {
  const streams = new RandomStreams(world.seed);
  const index = new SiteIndex(world.servers.map((s) => s.position));
  const k = world.candidateSites ?? world.servers.length;
  const servers = userPositions.map((p) => index.nearest(p.xM, p.yM, k));
  return { servers, gains: servers.map((ms, n) => ms.map((m) => pathGain(world, streams, n, m, userPositions[n]))) };
}

/**
 * The snapshot an allocator sees, from given gains (default: path loss at
 * the initial positions, LOS draws included), for every user or for the
 * given ones. The one builder behind `solve` and every epoch of `run`.
 * Weights are normalised per model.md 7.4 when the topology asks for it.
 */
export function snapshotOf(world: World, gains?: number[][], timeS = 0, subset?: SnapshotUsers, candidates?: CandidateLinks): Snapshot {
  if (gains === undefined) {
    if (hasCandidates(world)) {
      candidates = candidatePathGains(world);
      gains = [];
    } else gains = pathGains(world);
  }
  // Users who cannot join (docs/device-limits.md) are in no snapshot.
  if (subset === undefined && world.users.some((u) => u.excluded !== undefined)) {
    const joined = world.users.flatMap((u, n) => (u.excluded === undefined ? [n] : []));
    const all = gains;
    const links = candidates;
    const base = snapshotOf(
      world,
      all.length === 0 ? [] : joined.map((n) => all[n]),
      timeS,
      { users: joined, queuedIterations: [] },
      links === undefined ? undefined : { servers: joined.map((n) => links.servers[n]), gains: joined.map((n) => links.gains[n]) },
    );
    delete base.queuedIterations;
    return base;
  }
  const base: Snapshot = {
    timeS,
    layers: world.llm.layers,
    batch: world.llm.batch,
    hidden: world.llm.hidden,
    bitsPerValue: world.llm.bitsPerValue,
    lipschitz: world.llm.lipschitz,
    noiseWPerHz: world.noiseWPerHz,
    weights: world.rawWeights,
    includeAirtime: world.includeAirtime,
    users: subset === undefined ? world.users.map((u) => u.params) : subset.users.map((n) => world.users[n].params),
    servers: world.servers.map((s) => s.params),
    gains,
  };
  if (candidates !== undefined) base.candidates = candidates;
  if (subset !== undefined) base.queuedIterations = [...subset.queuedIterations];
  if (world.siteMemory !== undefined) base.siteMemory = world.siteMemory;
  return world.normalise ? { ...base, weights: normaliseWeights(base, world.rawWeights) } : base;
}
