import { z } from 'zod';
import type { Stream } from '../engine/random.js';

/**
 * A value in a topology file that is either fixed or drawn per entity:
 * `3`, `{ "uniform": [1, 2] }`, `{ "uniformInt": [4, 6] }`,
 * `{ "choice": [1, 2] }`, `{ "normal": { "mean": 0, "sd": 1 } }` or
 * `{ "logNormal": { "mu": 0, "sigma": 1 } }`.
 */
export type Distribution =
  | number
  | { uniform: [number, number] }
  | { uniformInt: [number, number] }
  | { choice: number[] }
  | { normal: { mean: number; sd: number } }
  | { logNormal: { mu: number; sigma: number } };

export interface Bounds {
  /** Smallest allowed value (inclusive unless `exclusiveMin`). */
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
  /** Values must be whole numbers. */
  integer?: boolean;
}

const FORMS = 'a number, {"uniform": [a, b]}, {"uniformInt": [a, b]}, {"choice": [x, ...]}, {"normal": {"mean", "sd"}} or {"logNormal": {"mu", "sigma"}}';

function describeBounds(b: Bounds): string {
  const parts: string[] = [];
  if (b.integer) parts.push('whole numbers');
  if (b.min !== undefined) parts.push(`${b.exclusiveMin ? '>' : '>='} ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  return parts.join(', ');
}

function within(b: Bounds, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (b.integer && !Number.isInteger(x)) return false;
  if (b.min !== undefined && (b.exclusiveMin ? x <= b.min : x < b.min)) return false;
  if (b.max !== undefined && x > b.max) return false;
  return true;
}

/**
 * How many standard deviations a normal or log-normal draw may reach before
 * it must still lie within the field's bounds: the chance of a draw beyond
 * is below 1e-22, so a bounded field can take these laws without ever
 * receiving an impossible value in practice.
 */
export const TAIL_SIGMAS = 10;

/**
 * The zod schema of a distribution whose every possible value lies within
 * `bounds`. Normal and log-normal draws are unbounded, so they are accepted
 * only where `TAIL_SIGMAS` standard deviations either side of the centre lie
 * within the bounds (log-normal: of the log; only for positive fields).
 */
export function distributionSchema(bounds: Bounds = {}) {
  const range = describeBounds(bounds);
  const expectVals = range === '' ? '' : ` (values ${range})`;
  const finite = z.number().finite();
  const pair = z.tuple([finite, finite]);
  return z
    .union(
      [
        finite,
        z.strictObject({ uniform: pair }),
        z.strictObject({ uniformInt: pair }),
        z.strictObject({ choice: z.array(finite).min(1) }),
        z.strictObject({ normal: z.strictObject({ mean: finite, sd: finite.nonnegative() }) }),
        // |mu| <= 700 and sigma <= 70 keep exp(mu +- 10 sigma) a finite double.
        z.strictObject({ logNormal: z.strictObject({ mu: finite.min(-700).max(700), sigma: finite.nonnegative().max(70) }) }),
      ],
      { error: `expected ${FORMS}${expectVals}` },
    )
    .superRefine((d, ctx) => {
      const fail = (message: string): void => {
        ctx.addIssue({ code: 'custom', message });
      };
      if (typeof d === 'number') {
        if (!within(bounds, d)) fail(`expected a value ${range}, got ${d}`);
      } else if ('uniform' in d) {
        const [a, b] = d.uniform;
        if (!(a <= b)) fail(`uniform [a, b] needs a <= b, got [${a}, ${b}]`);
        else if (bounds.integer) fail('this field takes whole numbers: use uniformInt or choice');
        else if (!within(bounds, a) || !within(bounds, b)) fail(`uniform bounds must be ${range}, got [${a}, ${b}]`);
      } else if ('uniformInt' in d) {
        const [a, b] = d.uniformInt;
        if (!Number.isInteger(a) || !Number.isInteger(b) || a > b) fail(`uniformInt [a, b] needs whole numbers with a <= b, got [${a}, ${b}]`);
        else if (!within(bounds, a) || !within(bounds, b)) fail(`uniformInt bounds must be ${range}, got [${a}, ${b}]`);
      } else if ('choice' in d) {
        const bad = d.choice.filter((x) => !within(bounds, x));
        if (bad.length > 0) fail(`every choice must be ${range}, got ${bad.join(', ')}`);
      } else if ('normal' in d) {
        const { mean, sd } = d.normal;
        const lo = mean - TAIL_SIGMAS * sd;
        const hi = mean + TAIL_SIGMAS * sd;
        if (bounds.integer) fail('this field takes whole numbers: use uniformInt or choice');
        else if (!within(bounds, lo) || !within(bounds, hi)) {
          fail(`a normal draw must stay ${range} within ${TAIL_SIGMAS} sd of the mean, but mean +- ${TAIL_SIGMAS} sd is [${lo}, ${hi}]`);
        }
      } else if ('logNormal' in d) {
        const { mu, sigma } = d.logNormal;
        const lo = Math.exp(mu - TAIL_SIGMAS * sigma);
        const hi = Math.exp(mu + TAIL_SIGMAS * sigma);
        if (bounds.integer) fail('this field takes whole numbers: use uniformInt or choice');
        else if (!within(bounds, lo) || !within(bounds, hi)) {
          fail(`a log-normal draw must stay ${range} within ${TAIL_SIGMAS} sigma, but exp(mu +- ${TAIL_SIGMAS} sigma) is [${lo}, ${hi}]`);
        }
      }
    });
}

/** Draws one value of `d` from `stream`. */
export function sampleDistribution(d: Distribution, stream: Stream): number {
  if (typeof d === 'number') return d;
  if ('uniform' in d) return stream.uniform(d.uniform[0], d.uniform[1]);
  if ('uniformInt' in d) return stream.integer(d.uniformInt[0], d.uniformInt[1]);
  if ('choice' in d) return stream.choice(d.choice);
  if ('normal' in d) return stream.normal(d.normal.mean, d.normal.sd);
  return stream.logNormal(d.logNormal.mu, d.logNormal.sigma);
}
