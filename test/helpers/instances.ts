import { RandomStreams } from '../../src/engine/random.js';
import { activationBits } from '../../src/llm/cost.js';
import { gainFromLossDb } from '../../src/radio/pathloss.js';
import { createPathLoss } from '../../src/radio/registry.js';
import type { ServerParams, Snapshot, UserParams } from '../../src/allocation/types.js';
import { normaliseWeights } from '../../src/allocation/weights.js';

/**
 * Paper-like instances (the setting of topologies/paper-default.json, docs/scenarios.md; Liu and Zhao, section 6),
 * drawn from named streams so that the same seed gives the same instance and
 * adding a user leaves every other user unchanged.
 *
 * Constants the paper does not give, chosen here: kappa1 = kappa2 = 1e-28
 * (effective switched capacitance common in the MEC literature: energy per
 * cycle kappa·f²), L = 1, k_n = 1000 samples, 16-bit activations, user
 * antennas at 1.5 m and servers at 25 m, positions uniform in a 1 km × 1 km
 * square. Weights (1, 1, 1) normalised by `normaliseWeights`.
 */
export interface InstanceOptions {
  users: number;
  servers: number;
  seed?: number;
  includeAirtime?: boolean;
  /** Overrides of every user's parameters (e.g. a phone GPU with more cores). */
  user?: Partial<UserParams>;
  server?: Partial<ServerParams>;
  /** Raw weights before normalisation (default 1, 1, 1). */
  weights?: { time: number; energy: number; stability: number };
  /** Use the weights as given instead of normalising them. */
  rawWeights?: boolean;
  layers?: number;
  areaM?: number;
}

export function paperInstance(o: InstanceOptions): Snapshot {
  const streams = new RandomStreams(o.seed ?? 1);
  const batch = 512;
  const hidden = 1024;
  const bitsPerValue = 16;
  const area = o.areaM ?? 1000;
  const pathLoss = createPathLoss({ model: 'paper' });
  const noiseWPerHz = 10 ** ((-134 - 30) / 10);
  const userPos: [number, number][] = [];
  const serverPos: [number, number][] = [];
  const users: UserParams[] = [];
  const servers: ServerParams[] = [];
  for (let n = 0; n < o.users; n++) {
    const place = streams.stream(`placement/u${n}`);
    userPos.push([place.uniform(0, area), place.uniform(0, area)]);
    const r = streams.stream(`params/u${n}`);
    const tokens = r.integer(512, 1024);
    users.push({
      tokens,
      samples: 1000,
      cores: r.integer(4, 6),
      flopsPerCycle: 1,
      maxFreqHz: r.uniform(0.5e9, 1e9),
      kappa: 1e-28,
      maxTxPowerW: r.uniform(1, 2),
      activationBits: activationBits(batch, tokens, hidden, bitsPerValue),
      ...o.user,
    });
  }
  for (let m = 0; m < o.servers; m++) {
    const place = streams.stream(`placement/s${m}`);
    serverPos.push([place.uniform(0, area), place.uniform(0, area)]);
    const r = streams.stream(`params/s${m}`);
    servers.push({
      cores: r.integer(2560, 5120),
      flopsPerCycle: r.integer(1, 2),
      maxFreqHz: r.uniform(1e9, 3e9),
      kappa: 1e-28,
      bandwidthHz: 20e6,
      ...o.server,
    });
  }
  const gains = userPos.map(([ux, uy]) =>
    serverPos.map(([sx, sy]) =>
      gainFromLossDb(pathLoss.lossDb({ distance2dM: Math.hypot(ux - sx, uy - sy), userHeightM: 1.5, serverHeightM: 25 })),
    ),
  );
  const snapshot: Snapshot = {
    timeS: 0,
    layers: o.layers ?? 32,
    batch,
    hidden,
    bitsPerValue,
    lipschitz: 1,
    noiseWPerHz,
    weights: { time: 1, energy: 1, stability: 1 },
    includeAirtime: o.includeAirtime ?? false,
    users,
    servers,
    gains,
  };
  const raw = o.weights ?? { time: 1, energy: 1, stability: 1 };
  snapshot.weights = o.rawWeights ? raw : normaliseWeights(snapshot, raw);
  return snapshot;
}

/**
 * A phone with a realistic GPU (about 1 TFLOPS: 512 cores, 2 FLOPs per
 * cycle, 1 GHz) and crowded, modest servers: the regime where an edge share
 * is comparable to the phone and the split point is a real trade-off
 * (docs/model.md, "What the paper's constants imply").
 */
export const capablePhone: Partial<UserParams> = { cores: 512, flopsPerCycle: 2, maxFreqHz: 1e9, kappa: 1e-28 };
export const modestServer: Partial<ServerParams> = { cores: 1024, flopsPerCycle: 2, maxFreqHz: 1.5e9 };
