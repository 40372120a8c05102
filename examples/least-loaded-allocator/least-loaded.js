// Least-loaded server with equal shares: a heuristic mecsim's built-in
// allocators lack. Users join, in order, the server with the fewest users so
// far (ties: the stronger channel); each server's bandwidth and GPU are split
// equally among its users; every user trains `alpha` layers on the device
// (option, default 1) at full power and full GPU frequency.
//
// mecsim loads this file with `--allocator ./least-loaded.js`: the default
// export is a factory (options) => Allocator (docs/plugins.md).

/** @param {{alpha?: number}} options */
export default function leastLoaded(options = {}) {
  const wanted = options.alpha ?? 1;
  return {
    name: 'least-loaded',
    /** @param {import('mecsim').Snapshot} snapshot */
    decide(snapshot) {
      const M = snapshot.servers.length;
      const load = new Array(M).fill(0);
      const server = snapshot.users.map((_, n) => {
        let best = 0;
        for (let m = 1; m < M; m++) {
          if (load[m] < load[best] || (load[m] === load[best] && snapshot.gains[n][m] > snapshot.gains[n][best])) best = m;
        }
        load[best]++;
        return best;
      });
      // Offloading needs at least one layer at the edge: alpha stays below Y.
      const alpha = Math.min(Math.max(1, Math.round(wanted)), snapshot.layers - 1);
      const users = snapshot.users.map((u, n) => {
        const s = snapshot.servers[server[n]];
        return {
          alpha,
          server: server[n],
          txPowerW: u.maxTxPowerW,
          bandwidthHz: s.bandwidthHz / load[server[n]],
          freqHz: u.maxFreqHz,
          serverFreqHz: s.maxFreqHz / load[server[n]],
        };
      });
      return { decision: { users }, trace: [] };
    },
  };
}
