/**
 * `npm run bench [-- name ...]`: runs the benchmarks and prints their numbers.
 * Benchmarks are never part of `npm test`; their targets are checked by eye
 * and quoted in docs/benchmarks.md.
 */
import os from 'node:os';
import { benches } from './registry.js';

const wanted = process.argv.slice(2);
const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
console.log(`mecsim benchmarks — node ${process.version}, ${os.cpus().length} cores (${cpu})`);
for (const bench of benches) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`\n## ${bench.name}: ${bench.description}`);
  await bench.run();
}
