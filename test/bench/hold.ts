import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';

/**
 * The classic hold model: P events pending; each event, when it fires,
 * schedules one more at now + Exp(1). Returns events per second measured over
 * `events` events after a warm-up of the same length, per second of wall
 * time and per second of this process's processor time.
 */
export function holdModel(pending: number, events: number, seed = 1): { eventsPerS: number; wallS: number; eventsPerCpuS: number; cpuS: number } {
  const sim = new Simulator();
  const rng = new RandomStreams(seed).stream('bench/hold');
  const hold = (): void => {
    sim.schedule(rng.exponential(1), hold);
  };
  for (let i = 0; i < pending; i++) sim.scheduleAt(rng.exponential(1), hold);
  sim.run({ maxEvents: events }); // warm-up: JIT and a steady heap shape
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  sim.run({ maxEvents: events });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpuS = (c.user + c.system) / 1e6;
  return { eventsPerS: events / wallS, wallS, eventsPerCpuS: events / cpuS, cpuS };
}
