import { cdfRows } from '../figures.js';
import { renderSvg } from '../render.js';
import { ecdfPlot } from '../specs.js';
import { labelledBars, timeLines } from './charts.js';
import { mapPlayer, STAGE_NAMES, type MapPlayerData } from './map-player.js';
import { chartFigure, escapeHtml, formatValue, htmlPage, htmlTable, scriptJson } from './page.js';
import type { RunData } from './run-data.js';
import { runSeries } from './run-series.js';

/** Vega-Lite's default colours (tableau10), so a site has the same colour on the map and in the charts. */
export const SITE_COLOURS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

const STAGES = ['deviceWaitS', 'deviceComputeS', 'uplinkS', 'edgeWaitS', 'edgeComputeS', 'downlinkS', 'deviceBackwardS'] as const;

/** Per phone, each iteration's ready time and the end of each stage, in ms precision (enough to hover). */
function stageTimes(data: RunData, users: number): number[][] {
  const out: number[][] = Array.from({ length: users }, () => []);
  const sorted = [...data.iterations].sort((a, b) => a.user - b.user || a.iteration - b.iteration);
  for (const r of sorted) {
    if (r.user >= users) continue;
    let t = r.startS;
    const row = [t];
    for (const s of STAGES) {
      t += r[s];
      row.push(t);
    }
    out[r.user].push(...row.map((x) => Math.round(x * 1000) / 1000));
  }
  return out;
}

function mapSection(data: RunData): { html: string; script: string } {
  const map = data.map;
  if (map === null) {
    return { html: '<h2>Map</h2><p>No map.json in this run folder: run with <code>--record</code> other than none to record positions.</p>', script: '' };
  }
  const player: MapPlayerData = {
    horizonS: data.run.horizonS,
    areaM: map.areaM,
    sites: map.sites,
    samplesS: map.samplesS,
    positionsM: map.positionsM,
    epochs: map.epochs.map((e) => ({ timeS: e.timeS, server: e.server })),
    stagesS: stageTimes(data, map.users),
    colours: map.sites.map((_, m) => SITE_COLOURS[m % SITE_COLOURS.length]),
  };
  const legend = map.sites.map((_, m) => `<span style="color:${player.colours[m]}">■ site ${m}</span>`).join('') +
    '<span style="color:#bbb">● no work</span><span style="color:#333">● training alone</span><span style="color:#d00">○ handover (just now)</span>';
  const html = [
    '<h2>Map</h2>',
    `<p class="sub">Sites (squares) and phones (dots) coloured by the site serving them; lines join each phone to its site. Positions sampled every ${map.samplesS.length > 1 ? formatValue(map.samplesS[1] - map.samplesS[0]) : '-'} s and interpolated between samples; associations change at the allocator calls.</p>`,
    `<div class="legend">${legend}</div>`,
    '<div id="map"></div>',
    `<script type="application/json" id="map-data">${scriptJson(player)}</script>`,
  ].join('\n');
  const script = `(${mapPlayer.toString()})(document.getElementById('map'), JSON.parse(document.getElementById('map-data').textContent), ${scriptJson(STAGE_NAMES)});`;
  return { html, script };
}

function summaryTable(data: RunData): string {
  const s = data.run.summary as Record<string, any>;
  const rows: [string, string | number | null, string][] = [
    ['iterations finished', s.iterations ?? data.iterations.length, ''],
    ['throughput', s.throughputPerS, 'iterations/s'],
    ['delay mean / p95', `${formatValue(s.delay?.meanS)} / ${formatValue(s.delay?.p95S)}`, 's'],
    ['energy per iteration', s.energyMeanJ, 'J'],
    ['allocator calls', data.run.epochs, ''],
    ['handovers', data.run.handovers, ''],
    ['outage time', data.run.outageS, 's (transmitters of finished iterations below the SNR threshold, whole run)'],
  ];
  const none = s.noIteration === undefined ? '' : `<p class="sub">No iteration finished: ${escapeHtml(String(s.noIteration.reason))}</p>`;
  return none + htmlTable(['quantity', 'value', 'unit'], rows);
}

function userTable(data: RunData): string {
  const users = new Map<number, { n: number; delay: number; maxDelay: number; energy: number; sites: Set<number> }>();
  for (const r of data.iterations) {
    let u = users.get(r.user);
    if (u === undefined) users.set(r.user, (u = { n: 0, delay: 0, maxDelay: 0, energy: 0, sites: new Set() }));
    u.n++;
    u.delay += r.totalDelayS;
    u.maxDelay = Math.max(u.maxDelay, r.totalDelayS);
    u.energy += r.deviceComputeJ + r.txJ + r.edgeJ;
    u.sites.add(r.server);
  }
  const rows = [...users.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, u]) => [n, u.n, u.delay / u.n, u.maxDelay, u.energy / u.n, [...u.sites].sort((a, b) => a - b).map((m) => (m < 0 ? 'local' : String(m))).join(' ')]);
  return `<div class="scroll">${htmlTable(['phone', 'iterations', 'mean delay (s)', 'max delay (s)', 'energy per iteration (J)', 'sites'], rows, ' id="users"')}</div>`;
}

/** The whole run report as one HTML document. */
export async function runReportHtml(data: RunData): Promise<string> {
  const siteCount = data.map?.sites.length ?? Math.max(0, ...data.iterations.map((r) => r.server + 1));
  const series = runSeries(data.iterations, data.run.horizonS, siteCount);
  const bin = `${formatValue(series.bins.widthS)} s bins`;
  const t = 'simulated time (s)';
  const epochRows = data.epochs.flatMap((e) => [
    { timeS: e.timeS, series: 'predicted', value: e.predictedObjective },
    { timeS: e.timeS, series: 'realised', value: e.realisedCost },
  ]).filter((r) => Number.isFinite(r.value));
  const stageMeans = STAGES.map((s, k) => ({ label: STAGE_NAMES[k], value: data.iterations.reduce((a, r) => a + r[s], 0) / Math.max(1, data.iterations.length) }));
  const charts: [string, Record<string, unknown>, string][] = [
    ['active', timeLines(series.activeUsers, { title: 'Active phones', x: t, y: 'phones (mean over bin)' }), `Phones with an iteration under way (ready to finished), ${bin}.`],
    ['throughput', timeLines(series.throughput, { title: 'Throughput', x: t, y: 'iterations/s' }), `Iterations finished per second, ${bin}.`],
    ['delay', timeLines(series.delay, { title: 'Iteration delay', x: t, y: 'delay (s)', series: 'quantile' }), `Median and 95th percentile of the delay of the iterations finished in each bin (${bin}).`],
    ['energy', timeLines(series.energy, { title: 'Energy per iteration', x: t, y: 'energy (J)' }), `Device, transmit and edge energy per iteration finished in each bin (${bin}).`],
    ['cost', timeLines(epochRows, { title: 'Cost per allocator call', x: t, y: 'objective', series: 'cost' }), 'Objective the allocator predicted for its decision, and the same objective evaluated on what the iterations it governed measured.'],
    ['site-load', timeLines(series.siteLoad, { title: 'Jobs in service per site', x: t, y: 'jobs (mean over bin)', series: 'site' }), `Mean number of iterations being served at each site (${bin}); colours as on the map.`],
    ['site-queue', timeLines(series.siteQueue, { title: 'Jobs waiting per site', x: t, y: 'jobs (mean over bin)', series: 'site' }), `Mean number of iterations waiting at each site without service (${bin}).`],
    ...(data.outageRecorded
      ? [['outage', timeLines(series.outage, { title: 'Outage time', x: t, y: 'outage (s per bin)' }), `Seconds the uplinks spent below the SNR threshold, carrying nothing, summed over the uploads that ended in each bin (${bin}); the bins add up to the run's total of ${formatValue(data.run.outageS)} s.`] as [string, Record<string, unknown>, string]]
      : []),
    ['delay-cdf', ecdfPlot(cdfRows(new Map([['delay', data.iterations.map((r) => r.totalDelayS)]])), { title: 'Delay distribution', x: 'iteration delay (s, log scale)', y: 'fraction of iterations' }, { widthPx: 420, heightPx: 220, logX: true }), 'Empirical CDF of the delay of every finished iteration.'],
    ['stages', labelledBars(stageMeans, { title: 'Where an iteration spends its time', x: 'mean time (s)', y: 'stage' }), 'Mean time per stage over all finished iterations.'],
  ];
  const svgs = await Promise.all(charts.map(([, spec]) => renderSvg(spec)));
  const figures = charts.map(([name, , caption], i) => chartFigure(name, svgs[i], caption));
  const map = mapSection(data);
  const r = data.run;
  const body = [
    summaryTable(data),
    map.html,
    '<h2>Over time</h2>',
    `<div class="grid">${figures.slice(0, -2).join('\n')}</div>`,
    data.outageRecorded ? '' : '<p class="sub">No outage series: this folder\'s iterations.csv was written before it had the outageS column; the run total is in the table above.</p>',
    '<h2>Delay</h2>',
    `<div class="grid">${figures.slice(-2).join('\n')}</div>`,
    '<h2>Phones</h2>',
    userTable(data),
  ].join('\n');
  return htmlPage(
    `${r.topology}: ${r.allocator}`,
    `seed ${r.seed}, scheduler ${'policy' in r.scheduler ? r.scheduler.policy : r.scheduler.module}, ${formatValue(r.horizonS)} s simulated, mecsim ${r.mecsim}`,
    body,
    map.script,
  );
}
