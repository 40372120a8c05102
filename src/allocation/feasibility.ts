import type { Decision, Snapshot } from './types.js';

export interface FeasibilityOptions {
  /** Accept alpha = Y (local-only: nothing sent, no share held). Default false. */
  allowLocalOnly?: boolean;
  /** Relative tolerance of the budget sums (default 1e-9). */
  relTol?: number;
}

/**
 * The constraints of the paper's problem P2 (docs/model.md, section 4) that
 * a decision must meet, as a list of violations (empty: feasible):
 * alpha an integer in [1, Y−1] (Y only for local-only), powers in
 * (0, p^max], device frequencies in (0, f^max], every user on a valid
 * server, and each server's bandwidth and GPU frequency shared out in full
 * among its transmitting users. A user at alpha = Y holds no share (0).
 * Any NaN or infinite number is a violation.
 */
export function checkFeasible(snapshot: Snapshot, decision: Decision, options: FeasibilityOptions = {}): string[] {
  const problems: string[] = [];
  const Y = snapshot.layers;
  const relTol = options.relTol ?? 1e-9;
  const M = snapshot.servers.length;
  if (decision.users.length !== snapshot.users.length) {
    return [`decision has ${decision.users.length} users, the snapshot ${snapshot.users.length}`];
  }
  const band = new Array<number>(M).fill(0);
  const freq = new Array<number>(M).fill(0);
  const senders = new Array<number>(M).fill(0);
  decision.users.forEach((d, n) => {
    const u = snapshot.users[n];
    const at = `user ${n}`;
    for (const [k, v] of Object.entries(d)) {
      if (!Number.isFinite(v)) problems.push(`${at}: ${k} is ${v}`);
    }
    const maxAlpha = options.allowLocalOnly ? Y : Y - 1;
    if (!Number.isInteger(d.alpha) || d.alpha < 1 || d.alpha > maxAlpha) {
      problems.push(`${at}: alpha = ${d.alpha} is not an integer in [1, ${maxAlpha}]`);
    }
    if (!Number.isInteger(d.server) || d.server < 0 || d.server >= M) {
      problems.push(`${at}: server = ${d.server} is not an index in [0, ${M - 1}]`);
      return;
    }
    if (!(d.txPowerW > 0 && d.txPowerW <= u.maxTxPowerW)) {
      problems.push(`${at}: txPowerW = ${d.txPowerW} is outside (0, ${u.maxTxPowerW}]`);
    }
    if (!(d.freqHz > 0 && d.freqHz <= u.maxFreqHz)) {
      problems.push(`${at}: freqHz = ${d.freqHz} is outside (0, ${u.maxFreqHz}]`);
    }
    if (d.alpha >= Y) {
      if (d.bandwidthHz !== 0 || d.serverFreqHz !== 0) problems.push(`${at}: trains locally only but holds a share of server ${d.server}`);
      return;
    }
    if (!(d.bandwidthHz > 0)) problems.push(`${at}: bandwidthHz = ${d.bandwidthHz} must be > 0`);
    if (!(d.serverFreqHz > 0)) problems.push(`${at}: serverFreqHz = ${d.serverFreqHz} must be > 0`);
    band[d.server] += d.bandwidthHz;
    freq[d.server] += d.serverFreqHz;
    senders[d.server]++;
  });
  snapshot.servers.forEach((s, m) => {
    if (senders[m] === 0) return;
    if (!(Math.abs(band[m] - s.bandwidthHz) <= relTol * s.bandwidthHz)) {
      problems.push(`server ${m}: bandwidth shares add up to ${band[m]} Hz, not ${s.bandwidthHz} Hz`);
    }
    if (!(Math.abs(freq[m] - s.maxFreqHz) <= relTol * s.maxFreqHz)) {
      problems.push(`server ${m}: GPU shares add up to ${freq[m]} Hz, not ${s.maxFreqHz} Hz`);
    }
  });
  return problems;
}
