/// <reference lib="dom" />

/** What the map draws, embedded in report.html as JSON. */
export interface MapPlayerData {
  horizonS: number;
  areaM: { widthM: number; heightM: number };
  sites: { xM: number; yM: number }[];
  samplesS: number[];
  /** Per sample: x0, y0, x1, y1, ... (m). */
  positionsM: number[][];
  /** Per allocator call: time and per phone the site (-1 not active, -2 local only). */
  epochs: { timeS: number; server: number[] }[];
  /** Per phone: for each iteration 8 times (s): ready, then the end of each of its 7 stages. */
  stagesS: number[][];
  /** Site colours, in site order. */
  colours: string[];
}

/** Names of the 7 stages of an iteration, in order (a phone outside every iteration is idle). */
export const STAGE_NAMES = ['waiting for an allocation', 'computing (forward)', 'uploading', 'waiting at the edge', 'being served at the edge', 'downloading', 'computing (backward)'];

/**
 * The animated map, run in the browser: the report inlines this function's
 * source and calls it with the element to fill and the data. It must stay
 * self-contained (no imports, no outside names) for that reason.
 */
export function mapPlayer(root: HTMLElement, data: MapPlayerData, stageNames: string[]): void {
  const NS = 'http://www.w3.org/2000/svg';
  const W = data.areaM.widthM;
  const H = data.areaM.heightM;
  const pad = Math.max(W, H) * 0.04;
  const users = data.positionsM.length === 0 ? 0 : data.positionsM[0].length / 2;
  const el = (name: string, attrs: Record<string, string | number>, parent: Element): SVGElement => {
    const e = document.createElementNS(NS, name);
    for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    parent.appendChild(e);
    return e;
  };
  const svg = el('svg', { viewBox: `${-pad} ${-pad} ${W + 2 * pad} ${H + 2 * pad}`, width: 640, height: Math.round((640 * (H + 2 * pad)) / (W + 2 * pad)), id: 'map-svg' }, root);
  el('rect', { x: 0, y: 0, width: W, height: H, fill: '#fafafa', stroke: '#ccc', 'stroke-width': W / 500 }, svg);
  const linkLayer = el('g', {}, svg);
  const siteLayer = el('g', {}, svg);
  const phoneLayer = el('g', {}, svg);
  // y grows upwards in the model and downwards in SVG.
  const sy = (y: number): number => H - y;
  const siteSize = Math.max(W, H) / 45;
  data.sites.forEach((s, m) => {
    el('rect', { class: 'site', 'data-site': m, x: s.xM - siteSize / 2, y: sy(s.yM) - siteSize / 2, width: siteSize, height: siteSize, fill: data.colours[m], stroke: '#000', 'stroke-width': siteSize / 10 }, siteLayer);
    const label = el('text', { x: s.xM + siteSize * 0.7, y: sy(s.yM) - siteSize * 0.6, 'font-size': siteSize * 0.9, fill: '#000' }, siteLayer);
    label.textContent = `site ${m}`;
  });
  const links: SVGElement[] = [];
  const phones: SVGElement[] = [];
  const titles: SVGElement[] = [];
  for (let n = 0; n < users; n++) {
    links.push(el('line', { class: 'link', 'stroke-width': W / 700 }, linkLayer));
    const c = el('circle', { class: 'phone', 'data-user': n, r: Math.max(W, H) / 110 }, phoneLayer);
    titles.push(el('title', {}, c));
    phones.push(c);
  }
  const controls = document.createElement('div');
  controls.id = 'map-controls';
  root.appendChild(controls);
  const play = document.createElement('button');
  play.id = 'map-play';
  play.textContent = 'play';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.id = 'map-slider';
  slider.min = '0';
  slider.max = String(data.horizonS);
  slider.step = String(data.horizonS / 1000);
  slider.value = '0';
  const clock = document.createElement('span');
  clock.id = 'map-time';
  controls.append(play, slider, clock);
  const info = document.createElement('div');
  info.id = 'map-info';
  info.textContent = 'hover over a phone to see what it is doing';
  root.appendChild(info);

  /** Index of the last entry of sorted `xs` that is <= t (-1 if none). */
  const lastAtOrBefore = (xs: ArrayLike<number>, t: number, stride = 1): number => {
    let lo = 0;
    let hi = Math.floor(xs.length / stride) - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid * stride] <= t) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const epochTimes = data.epochs.map((e) => e.timeS);
  const position = (n: number, t: number): [number, number] => {
    const i = Math.max(0, lastAtOrBefore(data.samplesS, t));
    const a = data.positionsM[i];
    const b = data.positionsM[Math.min(i + 1, data.positionsM.length - 1)];
    const span = (data.samplesS[i + 1] ?? data.samplesS[i]) - data.samplesS[i];
    const f = span > 0 ? Math.min(1, Math.max(0, (t - data.samplesS[i]) / span)) : 0;
    return [a[2 * n] + f * (b[2 * n] - a[2 * n]), a[2 * n + 1] + f * (b[2 * n + 1] - a[2 * n + 1])];
  };
  const stateAt = (n: number, t: number): string => {
    const s = data.stagesS[n] ?? [];
    const i = lastAtOrBefore(s, t, 8);
    if (i < 0 || t >= s[8 * i + 7]) return 'idle';
    for (let k = 1; k < 8; k++) if (t < s[8 * i + k]) return `${stageNames[k - 1]} (iteration ${i})`;
    return 'idle';
  };
  // A handover stays marked for this long after the call that made it.
  const markS = Math.max(data.horizonS / 60, 5);
  let now = 0;
  let hovered = -1;
  const describe = (n: number): string => {
    const e = lastAtOrBefore(epochTimes, now);
    const s = e < 0 ? -1 : data.epochs[e].server[n];
    const where = s >= 0 ? `served by site ${s}` : s === -2 ? 'training every layer itself' : 'no allocation (no work)';
    return `phone ${n}: ${where}; ${stateAt(n, now)}`;
  };
  const draw = (t: number): void => {
    now = t;
    const e = lastAtOrBefore(epochTimes, t);
    const cur = e < 0 ? null : data.epochs[e].server;
    const prev = e < 1 ? null : data.epochs[e - 1].server;
    const fresh = e >= 0 && t - data.epochs[e].timeS < markS;
    for (let n = 0; n < users; n++) {
      const [x, y] = position(n, t);
      const s = cur === null ? -1 : cur[n];
      const handover = fresh && prev !== null && s >= 0 && prev[n] >= 0 && prev[n] !== s;
      const c = phones[n];
      c.setAttribute('cx', x.toFixed(1));
      c.setAttribute('cy', sy(y).toFixed(1));
      c.setAttribute('fill', s >= 0 ? data.colours[s] : s === -2 ? '#333' : '#bbb');
      c.setAttribute('stroke', handover ? '#d00' : '#fff');
      c.setAttribute('stroke-width', String(handover ? W / 160 : W / 600));
      c.setAttribute('class', handover ? 'phone handover' : 'phone');
      titles[n].textContent = describe(n);
      const l = links[n];
      if (s >= 0) {
        const site = data.sites[s];
        l.setAttribute('x1', x.toFixed(1));
        l.setAttribute('y1', sy(y).toFixed(1));
        l.setAttribute('x2', String(site.xM));
        l.setAttribute('y2', String(sy(site.yM)));
        l.setAttribute('stroke', handover ? '#d00' : data.colours[s]);
        l.setAttribute('stroke-dasharray', handover ? `${W / 100} ${W / 200}` : 'none');
        l.setAttribute('visibility', 'visible');
      } else l.setAttribute('visibility', 'hidden');
    }
    clock.textContent = `t = ${t.toFixed(0)} s of ${data.horizonS} s`;
    if (hovered >= 0) info.textContent = describe(hovered);
  };
  phones.forEach((c, n) => {
    c.addEventListener('mouseenter', () => {
      hovered = n;
      info.textContent = describe(n);
    });
  });
  slider.addEventListener('input', () => draw(Number(slider.value)));
  // The whole run plays in about a minute.
  const speed = data.horizonS / 60;
  let playing = false;
  let last = 0;
  const frame = (ms: number): void => {
    if (!playing) return;
    const t = Math.min(data.horizonS, now + ((ms - last) / 1000) * speed);
    last = ms;
    slider.value = String(t);
    draw(t);
    if (t >= data.horizonS) {
      playing = false;
      play.textContent = 'play';
      return;
    }
    requestAnimationFrame(frame);
  };
  play.addEventListener('click', () => {
    playing = !playing;
    play.textContent = playing ? 'pause' : 'play';
    if (playing) {
      if (now >= data.horizonS) now = 0;
      last = performance.now();
      requestAnimationFrame(frame);
    }
  });
  draw(0);
}
