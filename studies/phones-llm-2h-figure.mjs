// Study (b) of docs/device-limits.md: the two-hour runs of phones-llm-2h.json
// in 10-minute bins against the one-shot solve at t = 0, as a table on stdout
// and a figure. Needs `npm run build` (the figure is drawn by dist/report).
// Usage: node studies/phones-llm-2h-figure.mjs OUT.png RUN_DIR:SOLVE_JSON...
import { readFileSync, writeFileSync } from 'node:fs';
import { renderSvg, svgToPng } from '../dist/report/render.js';

const BIN_S = 600;
const [out, ...pairs] = process.argv.slice(2);
if (!out || pairs.length === 0) throw new Error('usage: node studies/phones-llm-2h-figure.mjs OUT.png RUN_DIR:SOLVE_JSON...');

function readCsv(path) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], Number(v)])));
}

const rows = [];
for (const pair of pairs) {
  const [runDir, solvePath] = pair.split(':');
  const run = JSON.parse(readFileSync(`${runDir}/run.json`, 'utf8'));
  const solve = JSON.parse(readFileSync(solvePath, 'utf8'));
  const seed = `seed ${run.seed}`;
  // What the one-shot model predicts if the t = 0 decision held for ever.
  const perUser = solve.objective.perUser;
  const delays = perUser.map((u) => u.localTimeS + u.airtimeS + u.edgeTimeS);
  const predicted = {
    throughput: delays.reduce((s, d) => s + 1 / d, 0),
    phonePowerW: perUser.reduce((s, u, i) => s + (u.localEnergyJ + u.txEnergyJ) / delays[i], 0),
    users: perUser.length,
  };
  // Minutes until each phone reaches its reserve if it drew the t = 0 power for ever.
  // Users are numbered group by group, as in the topology.
  const batteries = run.scenario.users.flatMap((g) => Array(g.count).fill(g.hardware.battery));
  const reserveMin = perUser.map((u, i) => {
    const b = batteries[i];
    const usableJ = b.capacityWh * 3600 * (b.initialFraction - b.reserveFraction);
    return usableJ / ((u.localEnergyJ + u.txEnergyJ) / delays[i]) / 60;
  });
  const iterations = readCsv(`${runDir}/iterations.csv`);
  const lastEndMin = new Map();
  for (const r of iterations) lastEndMin.set(r.user, Math.max(lastEndMin.get(r.user) ?? 0, r.endS / 60));
  const suspended = [...lastEndMin].filter(([, m]) => m < run.horizonS / 60 - 2).map(([u, m]) => `${u}@${m.toFixed(0)}`);
  const predictedOut = reserveMin.map((m, u) => [u, m]).filter(([, m]) => m < run.horizonS / 60).map(([u, m]) => `${u}@${m.toFixed(0)}`);
  process.stdout.write(`${seed}: reserve reached (user@minute of its last iteration): ${suspended.join(' ') || 'none'}; one-shot power at t = 0 predicts: ${predictedOut.join(' ') || 'none'}\n`);
  const bins = Math.ceil(run.horizonS / BIN_S);
  for (let b = 0; b < bins; b++) {
    const inBin = iterations.filter((r) => r.endS >= b * BIN_S && r.endS < (b + 1) * BIN_S);
    const phoneJ = inBin.reduce((s, r) => s + r.deviceComputeJ + r.txJ, 0);
    const deep = inBin.filter((r) => r.alpha >= 16);
    const measured = {
      throughput: inBin.length / BIN_S,
      phonePowerW: phoneJ / BIN_S,
      users: new Set(inBin.map((r) => r.user)).size,
    };
    const minute = (b + 0.5) * BIN_S / 60;
    for (const key of Object.keys(measured)) {
      rows.push({ seed, minute, quantity: key, source: 'simulated', value: measured[key] });
      rows.push({ seed, minute, quantity: key, source: 'one-shot at t = 0', value: predicted[key] });
    }
    const deepS = deep.length ? deep.reduce((s, r) => s + r.deviceComputeS, 0) / deep.length : null;
    process.stdout.write(`${seed}\t${minute}\tit/s ${measured.throughput.toFixed(3)} (pred ${predicted.throughput.toFixed(3)})\tphones W ${measured.phonePowerW.toFixed(1)} (pred ${predicted.phonePowerW.toFixed(1)})\tusers ${measured.users}/${predicted.users}\tdeep phone compute s ${deepS === null ? '-' : deepS.toFixed(2)}\n`);
  }
}

const titles = {
  throughput: 'iterations finished per second',
  phonePowerW: 'phones: compute + transmit power (W)',
  users: 'users finishing iterations',
};
const panel = (quantity) => ({
  width: 420,
  height: 160,
  data: { values: rows.filter((r) => r.quantity === quantity) },
  mark: { type: 'line', strokeWidth: 2 },
  encoding: {
    x: { field: 'minute', type: 'quantitative', title: 'simulated time (min, 10-minute bins)' },
    y: { field: 'value', type: 'quantitative', title: titles[quantity] },
    color: { field: 'seed', type: 'nominal', title: 'seed' },
    strokeDash: {
      field: 'source',
      type: 'nominal',
      title: null,
      scale: { domain: ['simulated', 'one-shot at t = 0'], range: [[1, 0], [6, 4]] },
      legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400 },
    },
  },
});
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  background: 'white',
  title: 'phones-llm-2h: two hours with throttling and batteries (proposed)',
  vconcat: Object.keys(titles).map(panel),
};
const svg = await renderSvg(spec);
writeFileSync(out, out.endsWith('.svg') ? svg : svgToPng(svg));
