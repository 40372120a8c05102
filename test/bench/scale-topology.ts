import { readFileSync } from 'node:fs';

/**
 * urban-short.json scaled to a city: `users` phones (two thirds pedestrians)
 * at urban-short's density (60 per km²), so the area grows with the users,
 * `sites` L4 sites on a grid plus its two A100s placed in the area's
 * thirds, and the given horizon. Returns the topology document.
 */
export function scaledTopology(users: number, sites: number, horizonS: number, allocator = 'strongest-server'): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(new URL('../../../topologies/urban-short.json', import.meta.url), 'utf8'));
  const sideM = Math.round(Math.sqrt(users / 60) * 1000);
  doc.name = `urban-scaled-${users}x${sites}`;
  doc.area = { widthM: sideM, heightM: sideM };
  const pedestrians = Math.round((2 * users) / 3);
  doc.users[0].count = pedestrians;
  doc.users[1].count = users - pedestrians;
  doc.servers[0].count = Math.max(1, sites - 2);
  doc.servers[1].placement.positions = [
    { xM: Math.round(sideM / 3), yM: Math.round(sideM / 3) },
    { xM: Math.round((2 * sideM) / 3), yM: Math.round((2 * sideM) / 3) },
  ];
  doc.simulation.horizonS = horizonS;
  doc.simulation.allocator = allocator;
  return doc;
}
