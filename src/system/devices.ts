import type { Snapshot } from '../allocation/types.js';
import type { EventHandle, Simulator } from '../engine/simulator.js';
import { energyAtFreqJ } from '../llm/cost.js';
import { Battery } from './battery.js';
import { Thermal } from './thermal.js';
import type { RunWorld } from './world.js';

/** What a device computation cost: its duration and energy. */
export interface ComputePhase {
  seconds: number;
  joules: number;
}

/** A computation running under a governor that may slow it. */
interface Running {
  /** Clock cycles of the phase left. */
  cycles: number;
  decidedHz: number;
  freqHz: number;
  sinceS: number;
  seconds: number;
  joules: number;
  handle: EventHandle;
  done: (phase: ComputePhase) => void;
}

/** What the battery and the governor did over a run (docs/device-limits.md). */
export interface DeviceLimitCounts {
  /** Times a user at its battery reserve suspended its job. */
  suspensions: number;
  /** Users suspended at the horizon. */
  suspendedAtEnd: number;
  /** Governor changes of the frequency cap, over all phones. */
  throttleChanges: number;
  /** Energy drawn from the batteries (J). */
  batteryDrawnJ: number;
}

/**
 * The phones' batteries and temperatures (ours, docs/device-limits.md) as
 * the pipeline sees them: device computations run through `compute`, which
 * slows a computation when the governor lowers the cap under it; metered
 * energies are drawn from the battery; `mayStart` holds a phone at its
 * reserve until it is plugged in. Without a thermal or battery model a phone
 * computes exactly as the paper's model says (one event per phase).
 */
export class Devices {
  private readonly thermal: (Thermal | undefined)[];
  private readonly battery: (Battery | undefined)[];
  private readonly running: (Running | undefined)[];
  private readonly suspended: boolean[];
  readonly counts: DeviceLimitCounts = { suspensions: 0, suspendedAtEnd: 0, throttleChanges: 0, batteryDrawnJ: 0 };
  /** Whether any phone has a battery or a thermal model. */
  readonly active: boolean;

  constructor(
    private readonly sim: Simulator,
    private readonly run: RunWorld,
    /** A suspended user may start again (it was plugged in). */
    private readonly resume: (n: number) => void,
  ) {
    const users = run.world.users;
    this.thermal = users.map((u, n) => (u.thermal === undefined ? undefined : new Thermal(sim, u.thermal, () => this.onLimit(n))));
    this.battery = users.map((u) => (u.battery === undefined ? undefined : new Battery(u.battery)));
    this.running = users.map(() => undefined);
    this.suspended = users.map(() => false);
    this.active = users.some((u) => u.thermal !== undefined || u.battery !== undefined);
  }

  /** User n's GPU frequency cap now (Hz). */
  maxFreqHz(n: number): number {
    const max = this.run.world.users[n].params.maxFreqHz;
    const t = this.thermal[n];
    return t === undefined ? max : max * t.fraction();
  }

  /** Temperature of user n's phone now (°C), if it has a thermal model. */
  temperatureC(n: number): number | undefined {
    return this.thermal[n]?.nowC();
  }

  /**
   * Runs a computation of `seconds` at `freqHz` (its length at that
   * frequency), then calls `done` with what it took; under a governor at
   * min(freqHz, cap), re-timed whenever the cap changes.
   */
  compute(n: number, seconds: number, freqHz: number, done: (phase: ComputePhase) => void): void {
    const kappa = this.run.world.users[n].params.kappa;
    const thermal = this.thermal[n];
    if (thermal === undefined) {
      this.sim.schedule(seconds, () => done({ seconds, joules: energyAtFreqJ(kappa, freqHz, seconds) }));
      return;
    }
    const f = Math.min(freqHz, this.maxFreqHz(n));
    const cycles = seconds * freqHz;
    const r: Running = { cycles, decidedHz: freqHz, freqHz: f, sinceS: this.sim.now, seconds: 0, joules: 0, handle: 0 as EventHandle, done };
    r.handle = this.sim.schedule(cycles / f, () => this.finish(n));
    this.running[n] = r;
    thermal.setPower(kappa * f * f * f);
  }

  /** The transmitter of user n is on at `powerW` (or off at 0), for the heat it makes. */
  radio(n: number, powerW: number): void {
    this.thermal[n]?.setPower(powerW);
  }

  /** Energy the pipeline metered on user n's device, drawn from its battery. */
  spent(n: number, joules: number): void {
    const b = this.battery[n];
    if (b === undefined) return;
    b.draw(this.sim.now, joules);
    this.counts.batteryDrawnJ += joules;
  }

  /**
   * Whether user n may start an iteration now. At its reserve and unplugged
   * it suspends (counted once) and resumes when next plugged in.
   */
  mayStart(n: number): boolean {
    const b = this.battery[n];
    const now = this.sim.now;
    if (b === undefined || b.mayStart(now)) {
      this.suspended[n] = false;
      return true;
    }
    if (this.suspended[n]) return false;
    this.suspended[n] = true;
    this.counts.suspensions++;
    const at = b.nextPlugS(now);
    if (at !== undefined) this.sim.scheduleAt(at, () => this.resume(n));
    return false;
  }

  /** The allocator's view: each phone's frequency cap and remaining energy above its reserve. */
  adjust(snapshot: Snapshot, users: readonly number[]): Snapshot {
    if (!this.active) return snapshot;
    const now = this.sim.now;
    return {
      ...snapshot,
      users: snapshot.users.map((p, k) => {
        const n = users[k];
        const b = this.battery[n];
        const out = { ...p, maxFreqHz: this.maxFreqHz(n) };
        if (b !== undefined) {
          out.remainingEnergyJ = Math.max(0, b.levelJ(now) - b.reserveJ);
          out.usableEnergyJ = b.capacityJ - b.reserveJ;
        }
        return out;
      }),
    };
  }

  /** Counts at the end of the run. */
  finalCounts(): DeviceLimitCounts {
    const throttleChanges = this.thermal.reduce((a, t) => a + (t?.changes.length ?? 0), 0);
    return { ...this.counts, throttleChanges, suspendedAtEnd: this.suspended.filter(Boolean).length };
  }

  private readonly onLimit = (n: number): void => {
    const r = this.running[n];
    if (r === undefined) return;
    this.advance(n, r);
    const f = Math.min(r.decidedHz, this.maxFreqHz(n));
    if (f === r.freqHz) return;
    this.sim.cancel(r.handle);
    r.freqHz = f;
    r.handle = this.sim.schedule(r.cycles / f, () => this.finish(n));
    const kappa = this.run.world.users[n].params.kappa;
    this.thermal[n]!.setPower(kappa * f * f * f);
  };

  private advance(n: number, r: Running): void {
    const dt = this.sim.now - r.sinceS;
    r.cycles -= dt * r.freqHz;
    r.seconds += dt;
    r.joules += energyAtFreqJ(this.run.world.users[n].params.kappa, r.freqHz, dt);
    r.sinceS = this.sim.now;
  }

  private finish(n: number): void {
    const r = this.running[n]!;
    this.advance(n, r);
    this.running[n] = undefined;
    this.thermal[n]!.setPower(0);
    r.done({ seconds: r.seconds, joules: r.joules });
  }
}
