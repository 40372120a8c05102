import { isCandidate } from './candidates.js';
import { alphaBounds, siteMemoryBytes } from './split-limits.js';
import type { Decision, Snapshot } from './types.js';

export interface FeasibilityOptions {
  /** Relative tolerance of the budget sums (default 1e-9). */
  relTol?: number;
  /**
   * The least transmit power, as a fraction of each user's maximum, that the
   * allocator promises (its `txPowerFloorFraction`); default 0, the paper's
   * open bound 0 < p.
   */
  txPowerFloorFraction?: number;
}

/** One broken constraint: whose (a user or a server index) and what. */
export interface Violation {
  user?: number;
  server?: number;
  /** The constraint, as a short name: alpha, alphaMin, alphaMax, site memory, server, txPowerW, freqHz, bandwidthHz, serverFreqHz, bandwidth budget, GPU budget. */
  constraint: string;
  /** What was found against what was expected. */
  detail: string;
}

/**
 * The constraints of the paper's problem P2 (docs/model.md, section 4) that
 * a decision must meet, as a list of violations (empty: feasible): alpha an
 * integer in [1, Y] (constraint 9a; at Y the user trains locally, sends
 * nothing and holds no share), powers in (floor, p^max], device frequencies
 * in (0, f^max], every user on a valid server, and each server's bandwidth
 * and GPU frequency shared out in full among its transmitting users. With
 * the device limits (ours, docs/device-limits.md): alpha within each user's
 * [alphaMin, alphaMax] and each site's users within its GPU memory. Any NaN
 * or infinite number is a violation. The one check behind the tests and the
 * simulation's check of every allocator call.
 */
export function feasibilityViolations(snapshot: Snapshot, decision: Decision, options: FeasibilityOptions = {}): Violation[] {
  const problems: Violation[] = [];
  const Y = snapshot.layers;
  const relTol = options.relTol ?? 1e-9;
  const floorFraction = options.txPowerFloorFraction ?? 0;
  const M = snapshot.servers.length;
  if (decision.users.length !== snapshot.users.length) {
    return [{ constraint: 'users', detail: `decision has ${decision.users.length} users, the snapshot ${snapshot.users.length}` }];
  }
  const band = new Array<number>(M).fill(0);
  const freq = new Array<number>(M).fill(0);
  const senders = new Array<number>(M).fill(0);
  decision.users.forEach((d, n) => {
    const u = snapshot.users[n];
    const bad = (constraint: string, detail: string): void => void problems.push({ user: n, constraint, detail });
    for (const [k, v] of Object.entries(d)) {
      if (!Number.isFinite(v)) bad(k, `${k} is ${v}`);
    }
    if (!Number.isInteger(d.alpha) || d.alpha < 1 || d.alpha > Y) bad('alpha', `alpha = ${d.alpha} is not an integer in [1, ${Y}]`);
    else {
      const { lo, hi } = alphaBounds(snapshot, n);
      if (d.alpha < lo) bad('alphaMin', `alpha = ${d.alpha} is below the privacy floor alphaMin = ${lo}`);
      if (d.alpha > hi) bad('alphaMax', `alpha = ${d.alpha} is above alphaMax = ${hi}, the most the phone's memory holds`);
    }
    if (!Number.isInteger(d.server) || d.server < 0 || d.server >= M) {
      bad('server', `server = ${d.server} is not an index in [0, ${M - 1}]`);
      return;
    }
    if (!isCandidate(snapshot, n, d.server)) {
      bad('server', `server = ${d.server} is not one of the user's candidate servers (${snapshot.candidates!.servers[n].join(', ')})`);
      return;
    }
    const floorW = floorFraction * u.maxTxPowerW;
    if (!(d.txPowerW > 0 && d.txPowerW >= floorW && d.txPowerW <= u.maxTxPowerW)) {
      const range = floorFraction > 0 ? `[${floorW}, ${u.maxTxPowerW}]` : `(0, ${u.maxTxPowerW}]`;
      bad('txPowerW', `txPowerW = ${d.txPowerW} is outside ${range}`);
    }
    if (!(d.freqHz > 0 && d.freqHz <= u.maxFreqHz)) bad('freqHz', `freqHz = ${d.freqHz} is outside (0, ${u.maxFreqHz}]`);
    if (d.alpha >= Y) {
      if (d.bandwidthHz !== 0 || d.serverFreqHz !== 0) bad('local-only share', `trains locally only but holds a share of server ${d.server}`);
      return;
    }
    if (!(d.bandwidthHz > 0)) bad('bandwidthHz', `bandwidthHz = ${d.bandwidthHz} must be > 0`);
    if (!(d.serverFreqHz > 0)) bad('serverFreqHz', `serverFreqHz = ${d.serverFreqHz} must be > 0`);
    band[d.server] += d.bandwidthHz;
    freq[d.server] += d.serverFreqHz;
    senders[d.server]++;
  });
  snapshot.servers.forEach((s, m) => {
    if (s.memoryBytes !== undefined && snapshot.siteMemory !== undefined) {
      const users = decision.users.flatMap((d, n) => (d.server === m ? [n] : []));
      const need = siteMemoryBytes(snapshot, users, users.map((n) => decision.users[n].alpha));
      if (need > s.memoryBytes) problems.push({ server: m, constraint: 'site memory', detail: `its users need ${need} bytes of GPU memory, more than its ${s.memoryBytes}` });
    }
    if (senders[m] === 0) return;
    if (!(Math.abs(band[m] - s.bandwidthHz) <= relTol * s.bandwidthHz)) {
      problems.push({ server: m, constraint: 'bandwidth budget', detail: `bandwidth shares add up to ${band[m]} Hz, not ${s.bandwidthHz} Hz` });
    }
    if (!(Math.abs(freq[m] - s.maxFreqHz) <= relTol * s.maxFreqHz)) {
      problems.push({ server: m, constraint: 'GPU budget', detail: `GPU shares add up to ${freq[m]} Hz, not ${s.maxFreqHz} Hz` });
    }
  });
  return problems;
}

/** A violation as one phrase, e.g. `user 3: txPowerW = 5 is outside (0, 2]`. */
export function describeViolation(v: Violation): string {
  const who = v.user !== undefined ? `user ${v.user}: ` : v.server !== undefined ? `server ${v.server}: ` : '';
  return `${who}${v.detail}`;
}

/** The violations of `feasibilityViolations` as phrases (empty: feasible). */
export function checkFeasible(snapshot: Snapshot, decision: Decision, options: FeasibilityOptions = {}): string[] {
  return feasibilityViolations(snapshot, decision, options).map(describeViolation);
}
