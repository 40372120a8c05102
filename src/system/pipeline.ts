import type { UserDecision } from '../allocation/types.js';
import type { Simulator } from '../engine/simulator.js';
import { layerFlops } from '../allocation/objective.js';
import { layersTimeS } from '../llm/cost.js';
import type { IterationRecord } from '../metrics/recorders.js';
import { fdmaRateBps } from '../radio/fdma-rate.js';
import type { SimulationConfig } from './config.js';
import type { CompletedEdgeJob, EdgeServer } from './edge-server.js';
import type { ComputePhase, Devices } from './devices.js';
import type { Epochs } from './epochs.js';
import type { RunEvents } from './events.js';
import { takeIteration, type IterationCounts, type Job, type UserState } from './jobs.js';
import { Transfer, type TransferResult } from './transfer.js';
import { AheadTransfer } from './transfer-ahead.js';
import type { RunWorld } from './world.js';

class Iteration {
  readyS = 0;
  startS = 0;
  deviceComputeS = 0;
  uplinkS = 0;
  edgeWaitS = 0;
  edgeComputeS = 0;
  downlinkS = 0;
  deviceBackwardS = 0;
  deviceComputeJ = 0;
  txJ = 0;
  edgeJ = 0;
  outageS = 0;
  constructor(
    readonly user: number,
    readonly no: number,
    readonly epoch: number,
    readonly d: UserDecision,
    readonly job: Job,
  ) {}
}

/** What the finished iterations add up to besides their records. */
export interface PipelineTotals {
  /** Edge energy of the finished iterations, as recorded (J). */
  edgeRecordedJ: number;
  /** Time the transmitters of finished iterations spent in outage (s). */
  outageS: number;
}

/**
 * One training iteration, start to end: the device computes its alpha
 * layers (all at once, or forward now and backward after the reply), the
 * activations go up over the time-varying channel, the edge server's
 * scheduler computes the rest, the reply comes down, and the device's next
 * iteration may start. See docs/simulation.md, "Pipeline and epochs".
 */
export class Pipeline {
  readonly totals: PipelineTotals = { edgeRecordedJ: 0, outageS: 0 };
  private readonly psi: number[];
  private readonly minSnr: number;
  private nextJobId = 0;
  /**
   * Transfers read their rate samples ahead, one event at the end instead
   * of one per sample (docs/simulation.md, "Rate samples"): only where the
   * gains are pure functions of time, and never needed on a static channel,
   * where one sample serves a whole transfer.
   */
  private readonly ahead: boolean;

  constructor(
    private readonly sim: Simulator,
    private readonly run: RunWorld,
    private readonly config: SimulationConfig,
    private readonly servers: readonly EdgeServer[],
    private readonly users: UserState[],
    private readonly counts: IterationCounts,
    private readonly epochs: Epochs,
    private readonly events: RunEvents,
    private readonly devices: Devices,
  ) {
    const llm = run.world.llm;
    this.psi = run.world.users.map((u) => layerFlops(llm, u.params));
    this.ahead = config.transferSampling !== 'events' && !run.staticChannel && run.channel.pureInTime === true;
    this.minSnr = config.outage === undefined ? 0 : Math.pow(10, config.outage.minSnrDb / 10);
  }

  /** Starts user n's next iteration if it is idle, has work and holds a decision. */
  tryStart(n: number): void {
    const u = this.users[n];
    if (u.busy || u.queued === 0 || u.decision === null) return;
    if (!this.devices.mayStart(n)) return;
    const job = takeIteration(u);
    u.busy = true;
    const it = new Iteration(n, u.iterations++, u.decisionEpoch, u.decision, job);
    this.epochs.iterationStarted(u.decisionEpoch);
    this.counts.started++;
    it.readyS = job.readyS;
    it.startS = this.sim.now;
    if (this.config.triggers.gainChangeDb !== undefined) this.epochs.checkGain(n);
    const tDevice = this.deviceTimeS(it);
    const forward = this.config.pipeline === 'lumped' ? tDevice : tDevice / 3;
    this.devices.compute(n, forward, it.d.freqHz, (phase) => this.afterForward(it, phase));
  }

  /** alpha layers at the decided device frequency (llm/cost.ts). */
  private deviceTimeS(it: Iteration): number {
    return layersTimeS(it.d.alpha, this.psi[it.user], it.d.freqHz, this.run.world.users[it.user].params);
  }

  private afterForward(it: Iteration, phase: ComputePhase): void {
    it.deviceComputeS = phase.seconds;
    it.deviceComputeJ += phase.joules;
    this.devices.spent(it.user, phase.joules);
    const world = this.run.world;
    if (it.d.alpha >= world.llm.layers) {
      // Local-only: nothing leaves the device.
      this.backward(it);
      return;
    }
    const u = world.users[it.user].params;
    const n = it.user;
    const d = it.d;
    const N0 = world.noiseWPerHz;
    const watch = this.config.triggers.gainChangeDb !== undefined;
    const done = (r: TransferResult): void => this.afterUplink(it, r);
    const rateAt = (t: number): number => this.rate(d.bandwidthHz, this.run.channel.gain(n, d.server, t), d.txPowerW, N0);
    this.devices.radio(n, d.txPowerW);
    if (this.ahead && u.activationBits > 0) {
      // The first sample's check, as the probe below makes it; the later ones are planned (gain-watch.ts).
      if (watch) this.epochs.checkGain(n);
      const transfer = new AheadTransfer(this.sim, u.activationBits, rateAt, this.config.rateUpdateS, done);
      if (watch) this.epochs.watchUplink(n, transfer);
      return;
    }
    const probe = (t: number): number => {
      const r = rateAt(t);
      if (watch) this.epochs.checkGain(n);
      return r;
    };
    new Transfer(this.sim, u.activationBits, probe, this.config.rateUpdateS, this.run.staticChannel, done);
  }

  /** FDMA rate with the outage rule: below the SNR threshold the link carries nothing. */
  private rate(bandwidthHz: number, gain: number, powerW: number, N0: number): number {
    if (this.minSnr > 0 && (gain * powerW) / (N0 * bandwidthHz) < this.minSnr) return 0;
    return fdmaRateBps(bandwidthHz, gain, powerW, N0);
  }

  private afterUplink(it: Iteration, r: TransferResult): void {
    it.uplinkS = r.durationS;
    it.txJ = it.d.txPowerW * r.onAirS;
    this.devices.radio(it.user, 0);
    this.devices.spent(it.user, it.txJ);
    it.outageS += r.durationS - r.onAirS;
    const work = (this.run.world.llm.layers - it.d.alpha) * this.psi[it.user];
    this.servers[it.d.server].submit(
      { id: this.nextJobId++, user: it.user, workFlops: work, shareHz: it.d.serverFreqHz },
      (job: CompletedEdgeJob) => this.afterEdge(it, job),
    );
  }

  private afterEdge(it: Iteration, job: CompletedEdgeJob): void {
    it.edgeWaitS = job.waitS;
    it.edgeComputeS = job.serviceS;
    it.edgeJ = job.energyJ;
    const dl = this.config.downlink;
    if (dl.model === 'none') {
      this.backward(it);
      return;
    }
    const n = it.user;
    const d = it.d;
    const N0 = this.run.world.noiseWPerHz;
    const bits = this.run.world.users[n].params.activationBits;
    const probe = (t: number): number => this.rate(d.bandwidthHz, this.run.channel.gain(n, d.server, t), dl.serverTxPowerW, N0);
    const done = (r: TransferResult): void => {
      it.downlinkS = r.durationS;
      this.backward(it);
    };
    if (this.ahead) new AheadTransfer(this.sim, bits, probe, this.config.rateUpdateS, done);
    else new Transfer(this.sim, bits, probe, this.config.rateUpdateS, this.run.staticChannel, done);
  }

  private backward(it: Iteration): void {
    if (this.config.pipeline === 'lumped') {
      this.finish(it);
      return;
    }
    const back = (2 * this.deviceTimeS(it)) / 3;
    this.devices.compute(it.user, back, it.d.freqHz, (phase) => {
      it.deviceBackwardS = phase.seconds;
      it.deviceComputeJ += phase.joules;
      this.devices.spent(it.user, phase.joules);
      this.finish(it);
    });
  }

  private finish(it: Iteration): void {
    const n = it.user;
    const u = this.users[n];
    const now = this.sim.now;
    const r: IterationRecord = {
      user: n,
      iteration: it.no,
      epoch: it.epoch,
      server: it.d.alpha >= this.run.world.llm.layers ? -1 : it.d.server,
      alpha: it.d.alpha,
      startS: it.readyS,
      endS: now,
      deviceWaitS: it.startS - it.readyS,
      deviceComputeS: it.deviceComputeS,
      uplinkS: it.uplinkS,
      edgeWaitS: it.edgeWaitS,
      edgeComputeS: it.edgeComputeS,
      downlinkS: it.downlinkS,
      deviceBackwardS: it.deviceBackwardS,
      totalDelayS: now - it.readyS,
      deviceComputeJ: it.deviceComputeJ,
      txJ: it.txJ,
      edgeJ: it.edgeJ,
      outageS: it.outageS,
    };
    this.counts.finished++;
    this.totals.edgeRecordedJ += it.edgeJ;
    this.totals.outageS += it.outageS;
    this.epochs.iterationFinished(r);
    this.events.iterationFinished(r);
    // The job's next iteration becomes ready now.
    it.job.readyS = now;
    u.busy = false;
    this.epochs.closeIfDone(it.epoch);
    this.tryStart(n);
  }
}
