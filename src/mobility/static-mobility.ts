import { z } from 'zod';
import { MAX_POSITION_M, mobilityPlugin, userStream } from './mobility-plugin.js';
import type { Stream } from '../engine/random.js';
import { type Area, LegMobility } from './mobility.js';

/**
 * A user that never moves: at (x, y) when given, otherwise at a point drawn
 * uniformly in the area from its stream `mobility/u<n>`.
 */
export class StaticMobility extends LegMobility {
  readonly name = 'static';

  constructor(
    private readonly area: Area,
    makeStream: () => Stream,
    private readonly x?: number,
    private readonly y?: number,
  ) {
    super(makeStream);
  }

  protected start(stream: Stream): void {
    const x = this.x ?? stream.uniform(0, this.area.widthM);
    const y = this.y ?? stream.uniform(0, this.area.heightM);
    this.emit(0, Infinity, x, y, 0, 0);
  }

  protected extend(): void {
    throw new Error('a static path has one infinite leg');
  }
}

/** The registry's entry: topology `{"model": "static"}`. */
export const staticMobility = mobilityPlugin({
  description: 'the user stays at one position, given or drawn uniformly in the area',
  schema: z.strictObject({
    model: z.literal('static'),
    x: z.number().min(-MAX_POSITION_M).max(MAX_POSITION_M).optional().describe('x (m); drawn uniformly in the area when absent'),
    y: z.number().min(-MAX_POSITION_M).max(MAX_POSITION_M).optional().describe('y (m); drawn uniformly in the area when absent'),
  }),
  create: (p, streams, ctx) => new StaticMobility(ctx.area, userStream(streams, ctx), p.x, p.y),
});
