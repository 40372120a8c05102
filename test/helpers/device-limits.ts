import type { Snapshot } from '../../src/allocation/types.js';
import { packReservations } from '../../src/allocation/split-limits.js';
import { RandomStreams } from '../../src/engine/random.js';

/**
 * The device limits (docs/device-limits.md) laid over an instance, drawn
 * from `seed`: a privacy floor and a phone memory bound per user, and edge
 * sites whose memory holds between a third and all of the users'
 * reservations, with home servers packed as a world's builder packs them.
 * Users the sites cannot hold get a larger site rather than being dropped,
 * so every user of the instance can join.
 */
export function withDeviceLimits(snapshot: Snapshot, seed: number): Snapshot {
  const r = new RandomStreams(seed).stream('test/device-limits');
  const Y = snapshot.layers;
  const s: Snapshot = structuredClone(snapshot);
  s.siteMemory = { frozenLayerBytes: r.uniform(1, 10), headWeightBytes: r.uniform(0, 5) };
  for (const u of s.users) {
    const lo = r.integer(1, Y - 1);
    u.alphaMin = r.next() < 0.5 ? 1 : lo;
    u.alphaMax = r.next() < 0.3 ? Y : r.integer(u.alphaMin, Y);
    u.siteBytesPerLayer = r.uniform(1, 10);
    u.siteHeadBytes = r.uniform(0, 5);
  }
  const total = s.users.reduce((a, u) => a + (Y - u.alphaMin!) * (u.siteBytesPerLayer! + s.siteMemory!.frozenLayerBytes) + u.siteHeadBytes! + s.siteMemory!.headWeightBytes, 0);
  for (const srv of s.servers) srv.memoryBytes = total * r.uniform(1 / 3, 1);
  for (;;) {
    const homes = packReservations(s);
    if (homes.every((h) => h !== undefined)) {
      s.users.forEach((u, n) => (u.memoryHomeServer = homes[n]));
      return s;
    }
    for (const srv of s.servers) srv.memoryBytes! *= 1.5;
  }
}
