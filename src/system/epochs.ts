import { gainOf } from '../allocation/candidates.js';
import { AllocatorError } from '../allocation/allocator-error.js';
import { feasibilityViolations } from '../allocation/feasibility.js';
import { evaluate, type ObjectiveBreakdown } from '../allocation/objective.js';
import type { AllocationFeedback, Allocator, CandidateLinks, Decision, Snapshot, Weights } from '../allocation/types.js';
import { SiteIndex } from '../radio/site-index.js';
import { strongestServer } from '../allocation/weights.js';
import type { Simulator } from '../engine/simulator.js';
import { EpochCostTally, type EpochRecord, type IterationRecord } from '../metrics/recorders.js';
import type { SimulationConfig } from './config.js';
import type { Devices } from './devices.js';
import { GainWatch } from './gain-watch.js';
import type { RunEvents } from './events.js';
import type { AheadTransfer } from './transfer-ahead.js';
import type { UserState } from './jobs.js';
import type { RunWorld } from './world.js';

/** Allocator calls come after arrivals and before the pipeline at one instant. */
export const EPOCH_PRIORITY = -1;
/** Budget sums may miss by this, relatively: shares are rescaled in floating point. */
const FEASIBILITY_REL_TOL = 1e-9;

/** An allocator call whose record waits until no iteration it governed is still running. */
interface OpenEpoch {
  record: EpochRecord;
  tally: EpochCostTally;
  stabilityWeight: number;
  /** Stability bound per user of the decision. */
  stability: Map<number, number>;
  /** The users of the call's snapshot, in its order (feedback is given per user in this order). */
  users: readonly number[];
  running: number;
  superseded: boolean;
}

/** The fastest iteration an allocation predicts (compute and uplink, no waiting): to explain a run that finishes none. */
export interface IterationEstimate {
  user: number;
  startS: number;
  /** Device and edge compute plus uplink airtime (s). */
  iterationS: number;
}

/**
 * The allocator's calls: at t = 0, every `epochS`, and on triggers (a gain
 * that moved too far, work reaching a user without a decision). Each call
 * sees a snapshot of the active users, starts warm from the decisions held,
 * has its decision checked against the budgets, and leaves a record that is
 * closed once no iteration it governed is still running.
 */
export class Epochs {
  private readonly open: OpenEpoch[] = [];
  private readonly byIndex = new Map<number, OpenEpoch>();
  readonly solveWallS: number[] = [];
  count = 0;
  handovers = 0;
  /** The fastest iteration the first allocation predicts. */
  firstEstimate: IterationEstimate | undefined;
  private lastEpochS = -Infinity;
  private readonly gainWatch: GainWatch;
  private triggerPending = false;
  /**
   * The weights every epoch's predicted objective and realised cost are
   * priced with: those of the run's first allocator call (normalised by its
   * reference allocation when the topology normalises). The allocator still
   * sees each snapshot's own weights; fixing them here keeps the epochs of
   * one run on one scale (docs/simulation.md, Epoch records).
   */
  private costWeights: Weights | undefined;
  /** Realised costs of closed calls not yet handed to the allocator, in call order. */
  private feedback: AllocationFeedback[] = [];
  /** The sites by place, when users are linked to their nearest ones only. */
  private readonly sites: SiteIndex | null;

  constructor(
    private readonly sim: Simulator,
    private readonly run: RunWorld,
    private readonly config: SimulationConfig,
    private readonly allocator: Allocator,
    private readonly allocatorOrigin: 'built-in' | 'plug-in',
    private readonly users: UserState[],
    private readonly events: RunEvents,
    /** Users of a new decision may start their next iteration. */
    private readonly decided: (n: number) => void,
    /** The phones' governors and batteries, which the snapshot reports (docs/device-limits.md). */
    private readonly devices: Devices,
  ) {
    this.gainWatch = new GainWatch(sim, { moved: (n, t) => this.gainMoved(n, t), check: (n) => this.checkGain(n) });
    const k = run.world.candidateSites;
    this.sites = k !== undefined && k < run.world.servers.length ? new SiteIndex(run.world.servers.map((s) => s.position)) : null;
  }

  start(): void {
    this.sim.scheduleAt(0, this.onPeriodicEpoch, 0, EPOCH_PRIORITY);
  }

  private readonly onPeriodicEpoch = (k: number): void => {
    const next = (k + 1) * this.config.epochS;
    if (next <= this.config.horizonS) this.sim.scheduleAt(next, this.onPeriodicEpoch, k + 1, EPOCH_PRIORITY);
    this.epoch();
  };

  private readonly onTriggeredEpoch = (): void => {
    this.triggerPending = false;
    this.epoch();
  };

  /** Ask for an allocator call now, unless one is pending or the last was too recent. */
  trigger(): void {
    if (this.triggerPending) return;
    const earliest = this.lastEpochS + this.config.triggers.minGapS;
    const at = Math.max(this.sim.now, earliest);
    if (at > this.config.horizonS) return;
    this.triggerPending = true;
    this.sim.scheduleAt(at, this.onTriggeredEpoch, undefined, EPOCH_PRIORITY);
  }

  /** Trigger an allocator call when user n's serving link has moved too far from the gain planned with. */
  checkGain(n: number): void {
    if (this.gainMoved(n, this.sim.now)) this.trigger();
  }

  /** Whether user n's serving link at t is more than `gainChangeDb` from the gain its decision was planned with. */
  gainMoved(n: number, t: number): boolean {
    const u = this.users[n];
    const d = u.decision;
    if (d === null || !(u.referenceGain > 0)) return false;
    const channel = this.run.channel;
    const g = this.config.gains === 'large-scale' ? channel.largeScaleGain(n, d.server, t) : channel.gain(n, d.server, t);
    const changeDb = Math.abs(10 * Math.log10(g / u.referenceGain));
    return changeDb > this.config.triggers.gainChangeDb!;
  }

  /** Checks user n's uplink at its later rate samples, whose rates were read ahead (gain-watch.ts). */
  watchUplink(n: number, transfer: AheadTransfer): void {
    this.gainWatch.add(n, transfer);
  }

  private epoch(): void {
    const now = this.sim.now;
    this.lastEpochS = now;
    // The previous decisions govern no new iteration from here on.
    for (const e of this.open) e.superseded = true;
    const active: number[] = [];
    for (let n = 0; n < this.users.length; n++) {
      const u = this.users[n];
      if (this.run.world.users[n].excluded !== undefined) u.decision = null;
      else if (this.config.users === 'all' || u.busy || u.queued > 0) active.push(n);
      else u.decision = null;
    }
    // Calls that govern nothing any more close first, so this call hears what they cost.
    this.flush(false);
    if (active.length === 0) {
      this.gainWatch.replan();
      return;
    }
    const snapshot = this.snapshot(active, now);
    const previous = this.previousDecision(active, snapshot);
    const feedback = this.takeFeedback();
    const t0 = process.hrtime.bigint();
    const result = this.allocator.decide(snapshot, { streams: this.run.streams, previous, ...(feedback.length > 0 ? { feedback } : {}) });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const decision = result.decision;
    const violations = feasibilityViolations(snapshot, decision, { relTol: FEASIBILITY_REL_TOL, txPowerFloorFraction: this.allocator.txPowerFloorFraction });
    if (violations.length > 0) throw new AllocatorError(this.allocator.name, this.allocatorOrigin, this.count, now, violations, active);
    const index = this.count++;
    this.solveWallS.push(wallS);
    this.events.allocated({ index, snapshot, decision, users: active });
    const weights = (this.costWeights ??= snapshot.weights);
    const predicted = evaluate({ ...snapshot, weights }, decision);
    if (this.firstEstimate === undefined) this.firstEstimate = fastestIteration(predicted, active, now);
    const handovers = this.hold(active, snapshot, decision, index);
    this.gainWatch.replan();
    const stability = new Map<number, number>();
    active.forEach((n, k) => stability.set(n, predicted.perUser[k].stabilityBound));
    this.handovers += handovers;
    const open: OpenEpoch = {
      record: {
        index,
        timeS: now,
        allocator: this.allocator.name,
        solveWallS: wallS,
        predictedObjective: predicted.totals.total,
        realisedCost: NaN,
        iterations: 0,
        handovers,
      },
      tally: new EpochCostTally(weights, snapshot.includeAirtime),
      stabilityWeight: weights.stability,
      stability,
      users: active,
      running: 0,
      superseded: false,
    };
    this.open.push(open);
    this.byIndex.set(index, open);
    for (const n of active) this.decided(n);
  }

  /** The users take their new decisions; returns the handovers (users whose serving server changed). */
  private hold(active: readonly number[], snapshot: Snapshot, decision: Decision, index: number): number {
    let handovers = 0;
    for (let k = 0; k < active.length; k++) {
      const d = decision.users[k];
      const u = this.users[active[k]];
      if (u.lastServer >= 0 && u.lastServer !== d.server && d.alpha < snapshot.layers) handovers++;
      if (d.alpha < snapshot.layers) u.lastServer = d.server;
      u.decision = d;
      u.lastDecision = d;
      u.decisionEpoch = index;
      u.referenceGain = gainOf(snapshot, k, d.server);
    }
    return handovers;
  }

  /** The allocator's view: the given users, all servers, gains of the kind the scenario asks for. */
  private snapshot(active: number[], t: number): Snapshot {
    const M = this.run.world.servers.length;
    const channel = this.run.channel;
    const largeScale = this.config.gains === 'large-scale';
    const queued = active.map((n) => this.users[n].queued + (this.users[n].busy ? 1 : 0));
    if (this.sites !== null) return this.devices.adjust(this.run.snapshot([], t, { users: active, queuedIterations: queued }, this.candidates(active, t, largeScale)), active);
    const gains = active.map((n) => {
      const row = new Array<number>(M);
      for (let m = 0; m < M; m++) row[m] = largeScale ? channel.largeScaleGain(n, m, t) : channel.gain(n, m, t);
      return row;
    });
    return this.devices.adjust(this.run.snapshot(gains, t, { users: active, queuedIterations: queued }), active);
  }

  /**
   * Each user's nearest sites at t and the gains to them. Links to other
   * sites are dropped, but for the one serving an iteration in flight,
   * so the channel holds about candidateSites links per user.
   */
  private candidates(active: number[], t: number, largeScale: boolean): CandidateLinks {
    const channel = this.run.channel;
    const k = this.run.world.candidateSites!;
    const servers: number[][] = [];
    const gains: number[][] = [];
    for (const n of active) {
      const p = this.run.mobility[n].position(t);
      const ms = this.sites!.nearest(p.xM, p.yM, k);
      servers.push(ms);
      gains.push(ms.map((m) => (largeScale ? channel.largeScaleGain(n, m, t) : channel.gain(n, m, t))));
      const serving = this.users[n].decision?.server;
      channel.retainLinks(n, serving === undefined || ms.includes(serving) ? ms : [...ms, serving]);
    }
    return { servers, gains };
  }

  /**
   * A warm start over the snapshot's users: each user's last decision, and
   * for a user without one, its strongest server at alpha = 1 with an equal
   * share of that server (allocators renormalise shares they start from).
   */
  private previousDecision(active: number[], snapshot: Snapshot): Decision | undefined {
    if (this.count === 0) return undefined;
    const counts = new Array<number>(snapshot.servers.length).fill(0);
    const fill: (number | null)[] = active.map((n, k) => {
      if (this.users[n].lastDecision !== null) return null;
      const m = strongestServer(snapshot, k);
      counts[m]++;
      return m;
    });
    return {
      users: active.map((n, k) => {
        const last = this.users[n].lastDecision;
        if (last !== null) return last;
        const m = fill[k]!;
        const u = snapshot.users[k];
        const s = snapshot.servers[m];
        return {
          alpha: 1,
          server: m,
          txPowerW: u.maxTxPowerW,
          bandwidthHz: s.bandwidthHz / counts[m],
          freqHz: u.maxFreqHz,
          serverFreqHz: s.maxFreqHz / counts[m],
        };
      }),
    };
  }

  /** An iteration governed by epoch `index` started. */
  iterationStarted(index: number): void {
    const e = this.byIndex.get(index);
    if (e !== undefined) e.running++;
  }

  /** An iteration governed by its epoch finished: it counts towards that epoch's realised cost. */
  iterationFinished(r: IterationRecord): void {
    const e = this.byIndex.get(r.epoch);
    if (e === undefined) return;
    e.tally.add(r);
    e.running--;
  }

  /** Closes the epoch of a finished iteration if that was the last one it governed. */
  closeIfDone(index: number): void {
    const e = this.byIndex.get(index);
    if (e !== undefined && e.superseded && e.running === 0) this.flush(false);
  }

  /** Close the records of epochs that govern nothing any more, in index order; at the end, all of them. */
  flush(final: boolean): void {
    while (this.open.length > 0) {
      const e = this.open[0];
      if (!final && !(e.superseded && e.running === 0)) return;
      this.open.shift();
      this.byIndex.delete(e.record.index);
      const tally = e.tally;
      let stab = 0;
      if (e.stabilityWeight !== 0) for (const n of tally.users()) stab += e.stabilityWeight * e.stability.get(n)!;
      e.record.iterations = tally.iterations;
      e.record.realisedCost = tally.iterations === 0 ? NaN : tally.realisedCost() + stab;
      this.feedback.push(feedbackOf(e));
      this.events.epochClosed(e.record);
    }
  }

  /**
   * The realised costs that became known since the last call, each handed
   * over once; after `flush(true)`, those of the calls still open at the
   * end (the run's end feedback).
   */
  takeFeedback(): AllocationFeedback[] {
    const out = this.feedback;
    this.feedback = [];
    return out;
  }
}

/**
 * A closed call's realised cost as the allocator hears it: per user of its
 * snapshot, the same terms as the epoch record's `realisedCost` (the mean
 * measured cost of the user's iterations plus its stability term), 0 for a
 * user that finished none; the total is the record's own value (0 when no
 * iteration finished), so the totals add up to the run's realised cost.
 */
function feedbackOf(e: OpenEpoch): AllocationFeedback {
  const perUser = e.users.map((n) => {
    const mean = e.tally.meanCost(n);
    return mean === undefined ? 0 : mean + (e.stabilityWeight === 0 ? 0 : e.stabilityWeight * e.stability.get(n)!);
  });
  return { epoch: e.record.index, iterations: e.record.iterations, perUser, total: e.record.iterations === 0 ? 0 : e.record.realisedCost };
}

function fastestIteration(predicted: ObjectiveBreakdown, users: readonly number[], startS: number): IterationEstimate {
  let best: IterationEstimate = { user: users[0], startS, iterationS: Infinity };
  predicted.perUser.forEach((c, k) => {
    const iterationS = c.localTimeS + c.airtimeS + c.edgeTimeS;
    if (iterationS < best.iterationS) best = { user: users[k], startS, iterationS };
  });
  return best;
}
