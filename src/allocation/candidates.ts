import type { Snapshot } from './types.js';

/**
 * Reading a snapshot's gains in either form: dense (`gains[n][m]`) or sparse
 * (`candidates`, the servers each user may be given). Allocators that scan
 * servers per user loop over `candidateCount`/`candidateAt`, so their cost
 * is users × candidates, not users × servers.
 */

/** The linear gain from user n to server m; 0 for a server outside n's candidates. */
export function gainOf(snapshot: Snapshot, n: number, m: number): number {
  const c = snapshot.candidates;
  if (c === undefined) return snapshot.gains[n][m];
  const servers = c.servers[n];
  for (let j = 0; j < servers.length; j++) if (servers[j] === m) return c.gains[n][j];
  return 0;
}

/** Whether server m is one of user n's candidates (every server is, in the dense form). */
export function isCandidate(snapshot: Snapshot, n: number, m: number): boolean {
  const c = snapshot.candidates;
  return c === undefined ? m >= 0 && m < snapshot.servers.length : c.servers[n].includes(m);
}

/** How many servers user n may be given. */
export function candidateCount(snapshot: Snapshot, n: number): number {
  const c = snapshot.candidates;
  return c === undefined ? snapshot.servers.length : c.servers[n].length;
}

/** User n's j-th candidate server (in the dense form, server j). */
export function candidateAt(snapshot: Snapshot, n: number, j: number): number {
  const c = snapshot.candidates;
  return c === undefined ? j : c.servers[n][j];
}

/** The gain to user n's j-th candidate. */
export function candidateGainAt(snapshot: Snapshot, n: number, j: number): number {
  const c = snapshot.candidates;
  return c === undefined ? snapshot.gains[n][j] : c.gains[n][j];
}
