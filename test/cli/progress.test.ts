import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { campaignEtaS, CampaignProgressBar, parseProgressInterval, ProgressLine } from '../../src/cli/progress.js';
import { InputError } from '../../src/engine/input-error.js';
import type { Progress } from '../../src/campaign/runner.js';

/** A stream that keeps what was written; a terminal or not. */
function stream(tty: boolean): { isTTY: boolean; columns: number; text: string[]; write: (s: string) => boolean } {
  const text: string[] = [];
  return { isTTY: tty, columns: 120, text, write: (s: string) => (text.push(s), true) };
}

/** A clock the test moves by hand, in seconds. */
function fakeClock(): { nowS: number; clock: () => number } {
  const c = { nowS: 0, clock: () => c.nowS * 1000 };
  return c;
}

function progress(p: Partial<Progress>): Progress {
  return { done: 0, total: 10, skipped: 0, costDone: 0, costTotal: 10, costSkipped: 0, ...p };
}

describe('progress off a terminal', () => {
  it('writes one plain line per interval, with runs done, elapsed and ETA, and never a carriage return', () => {
    const t = fakeClock();
    const out = stream(false);
    const bar = new CampaignProgressBar(out as never, { intervalS: 30, clock: t.clock, timer: false });
    // One update a second for two minutes: lines at 30, 60, 90 and 120 s, no more.
    for (let s = 1; s <= 120; s++) {
      t.nowS = s;
      bar.update(progress({ done: Math.floor(s / 12), costDone: Math.floor(s / 12) }));
    }
    bar.done();
    expect(out.text).toHaveLength(4);
    expect(out.text.join('')).not.toContain('\r');
    expect(out.text[0]).toBe('mecsim: 2/10 runs 20% of the work  elapsed 30.0s  ETA 2m00s\n');
    expect(out.text[3]).toMatch(/^mecsim: 10\/10 runs 100% of the work {2}elapsed 2m00s {2}ETA 0\.0s\n$/);
  });

  it('the interval is configurable, and off writes nothing', () => {
    for (const [interval, lines] of [[10, 12], [45, 2], [Infinity, 0]] as const) {
      const t = fakeClock();
      const out = stream(false);
      const bar = new CampaignProgressBar(out as never, { intervalS: interval, clock: t.clock, timer: false });
      for (let s = 1; s <= 120; s++) {
        t.nowS = s;
        bar.update(progress({ done: 1, costDone: 1 }));
      }
      expect(out.text).toHaveLength(lines);
    }
  });

  it('on a terminal the bar is redrawn in place, at most ten times a second', () => {
    const t = fakeClock();
    const out = stream(true);
    const line = new ProgressLine(out as never, { clock: t.clock });
    for (let k = 0; k < 100; k++) {
      t.nowS = k * 0.01; // one second in all
      if (line.due(false)) line.draw(k / 100, 'x');
    }
    expect(out.text.length).toBe(10);
    expect(out.text.every((s) => s.startsWith('\r['))).toBe(true);
  });

  it('--progress-interval takes a duration or off', () => {
    expect(parseProgressInterval(undefined)).toBe(30);
    expect(parseProgressInterval('5m')).toBe(300);
    expect(parseProgressInterval('off')).toBe(Infinity);
    expect(() => parseProgressInterval('soon')).toThrow(InputError);
  });
});

describe('the time left of a campaign', () => {
  it('weighs the runs left by their expected cost, not their count', () => {
    // Two small runs (cost 1 each) took 10 s; the one left costs 8: 40 s, where counting runs would say 5 s.
    expect(campaignEtaS({ costDone: 2, costTotal: 10, costSkipped: 0 }, 10)).toBeCloseTo(40, 12);
    // Runs found finished took no time now: they are not part of the pace.
    expect(campaignEtaS({ costDone: 6, costTotal: 10, costSkipped: 4 }, 10)).toBeCloseTo(20, 12);
    expect(campaignEtaS({ costDone: 4, costTotal: 10, costSkipped: 4 }, 10)).toBeNaN();
  });

  it('with equal costs it is the pace of the runs by count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.double({ min: 0.1, max: 1e5, noNaN: true }), (ran, skipped, left, elapsedS) => {
        const eta = campaignEtaS({ costDone: ran + skipped, costTotal: ran + skipped + left, costSkipped: skipped }, elapsedS);
        expect(eta).toBeCloseTo((elapsedS / ran) * left, 6);
      }),
    );
  });
});
