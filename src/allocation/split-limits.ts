import type { Snapshot } from './types.js';
import { candidateAt, candidateCount, gainOf } from './candidates.js';

/**
 * The device limits on a decision (ours, docs/device-limits.md): each
 * user's alpha within [alphaMin, alphaMax], and each edge site's GPU memory.
 * With none of the optional snapshot fields every function here is the
 * identity of the paper's problem: alpha in [1, Y], no memory limit.
 */

/** The integers alpha user n may take: [alphaMin ?? 1, alphaMax ?? Y]. */
export function alphaBounds(snapshot: Snapshot, n: number): { lo: number; hi: number } {
  const u = snapshot.users[n];
  return { lo: u.alphaMin ?? 1, hi: u.alphaMax ?? snapshot.layers };
}

/** The upper end of the relaxed split [lo, Y): alphaMax when it is below Y, else Y − 1 for the integers. */
export function sendingAlphaMax(snapshot: Snapshot, n: number): number {
  return Math.min(alphaBounds(snapshot, n).hi, snapshot.layers - 1);
}

/** Whether user n may train every layer on the phone (alpha = Y). */
export function mayTrainLocally(snapshot: Snapshot, n: number): boolean {
  return alphaBounds(snapshot, n).hi >= snapshot.layers;
}

/** `alpha` moved into user n's allowed range. */
export function clampAlpha(snapshot: Snapshot, n: number, alpha: number): number {
  const { lo, hi } = alphaBounds(snapshot, n);
  return Math.min(hi, Math.max(lo, alpha));
}

/** Whether any site declares a memory limit (then the association must respect it). */
export function hasSiteMemory(snapshot: Snapshot): boolean {
  return snapshot.siteMemory !== undefined && snapshot.servers.some((s) => s.memoryBytes !== undefined);
}

/**
 * Bytes a site needs for the given users at the given splits: the frozen
 * layers min(alpha)+1..Y and the head once (all users fine-tune the same
 * base model), and per user with alpha < Y its adapters, optimiser state
 * and activations of Y − alpha layers and its head activations. The same
 * sum as `edgeFootprint` in src/llm/memory.ts, from the snapshot's
 * coefficients (test/allocation/split-limits.test.ts checks they agree).
 */
export function siteMemoryBytes(snapshot: Snapshot, users: readonly number[], alphas: ArrayLike<number>): number {
  const site = snapshot.siteMemory;
  if (site === undefined) return 0;
  const Y = snapshot.layers;
  let minAlpha = Y;
  let total = 0;
  users.forEach((n, i) => {
    const alpha = alphas[i];
    if (alpha >= Y) return;
    const u = snapshot.users[n];
    minAlpha = Math.min(minAlpha, alpha);
    total += (Y - alpha) * (u.siteBytesPerLayer ?? 0) + (u.siteHeadBytes ?? 0);
  });
  return minAlpha < Y ? total + (Y - minAlpha) * site.frozenLayerBytes + site.headWeightBytes : total;
}

/**
 * Whether server m holds these users at their lowest allowed splits, the
 * most a site can need for them whatever alphas are chosen later: the
 * reservation every allocator keeps, so the split stays free.
 */
export function reservationFits(snapshot: Snapshot, m: number, users: readonly number[]): boolean {
  const cap = snapshot.servers[m].memoryBytes;
  if (cap === undefined || snapshot.siteMemory === undefined) return true;
  return siteMemoryBytes(snapshot, users, users.map((n) => alphaBounds(snapshot, n).lo)) <= cap;
}

/**
 * An association whose every site holds its users' reservations: the given
 * one when it does (always, without site memory), else users leave each
 * overfull site, largest reservation first, for the site with room where
 * their gain is highest; when that fails, every user's `memoryHomeServer`,
 * which the snapshot's builder chose to fit.
 */
export function fitSiteMemory(snapshot: Snapshot, association: readonly number[]): number[] {
  if (!hasSiteMemory(snapshot)) return [...association];
  const M = snapshot.servers.length;
  const members: number[][] = Array.from({ length: M }, () => []);
  association.forEach((m, n) => members[m].push(n));
  if (members.every((users, m) => reservationFits(snapshot, m, users))) return [...association];
  const reserve = (n: number): number => siteMemoryBytes(snapshot, [n], [alphaBounds(snapshot, n).lo]);
  const out = [...association];
  const moving: number[] = [];
  for (let m = 0; m < M; m++) {
    const order = [...members[m]].sort((a, b) => reserve(b) - reserve(a) || a - b);
    while (!reservationFits(snapshot, m, members[m])) {
      const n = order.shift()!;
      members[m] = members[m].filter((k) => k !== n);
      moving.push(n);
    }
  }
  for (const n of moving) {
    let best = -1;
    // Only among the user's candidate sites (every site in the dense form).
    for (let j = 0; j < candidateCount(snapshot, n); j++) {
      const m = candidateAt(snapshot, n, j);
      if (!reservationFits(snapshot, m, [...members[m], n])) continue;
      if (best < 0 || gainOf(snapshot, n, m) > gainOf(snapshot, n, best)) best = m;
    }
    if (best < 0) return homes(snapshot);
    members[best].push(n);
    out[n] = best;
  }
  return out;
}

function homes(snapshot: Snapshot): number[] {
  return snapshot.users.map((u, n) => {
    if (u.memoryHomeServer === undefined) {
      throw new RangeError(`the sites' memory cannot hold user ${n}'s reservation and the snapshot names no memoryHomeServer for it`);
    }
    return u.memoryHomeServer;
  });
}

/**
 * Home servers for users with the given reservations (bytes per layer and
 * head bytes at their lowest split) by first-fit decreasing over the sites:
 * undefined for a user no site can hold beside those placed before it.
 * Used once when a world is built, so every snapshot has a fitting fallback.
 */
export function packReservations(snapshot: Snapshot): (number | undefined)[] {
  const M = snapshot.servers.length;
  const members: number[][] = Array.from({ length: M }, () => []);
  const reserve = (n: number): number => siteMemoryBytes(snapshot, [n], [alphaBounds(snapshot, n).lo]);
  const order = snapshot.users.map((_, n) => n).sort((a, b) => reserve(b) - reserve(a) || a - b);
  const home: (number | undefined)[] = snapshot.users.map(() => undefined);
  for (const n of order) {
    for (let m = 0; m < M; m++) {
      if (reservationFits(snapshot, m, [...members[m], n])) {
        members[m].push(n);
        home[n] = m;
        break;
      }
    }
  }
  return home;
}
