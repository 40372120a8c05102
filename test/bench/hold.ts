import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';

/**
 * The classic hold model: P events pending; each event, when it fires,
 * schedules one more at now + Exp(1). Returns events per second measured over
 * `events` events after a warm-up of the same length.
 */
export function holdModel(pending: number, events: number, seed = 1): { eventsPerS: number; wallS: number } {
  const sim = new Simulator();
  const rng = new RandomStreams(seed).stream('bench/hold');
  const hold = (): void => {
    sim.schedule(rng.exponential(1), hold);
  };
  for (let i = 0; i < pending; i++) sim.scheduleAt(rng.exponential(1), hold);
  sim.run({ maxEvents: events }); // warm-up: JIT and a steady heap shape
  const t0 = process.hrtime.bigint();
  sim.run({ maxEvents: events });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return { eventsPerS: events / wallS, wallS };
}
