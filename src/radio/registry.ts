import { z } from 'zod';
import { PaperPathLoss, type PathLoss } from './pathloss.js';

/**
 * Path-loss models by name, with the zod schema of their parameters. A
 * topology's `radio.pathLoss` is `{ "model": NAME, ...parameters }`; adding a
 * model is one new file and one entry here.
 */
export const pathLossModels = {
  paper: {
    params: z.strictObject({
      model: z.literal('paper'),
      minDistanceM: z.number().positive().default(10).describe('distances below this are clamped (m)'),
    }),
    create: (p: { minDistanceM: number }): PathLoss => new PaperPathLoss(p.minDistanceM),
  },
} as const;

export const pathLossSchema = z.discriminatedUnion('model', [pathLossModels.paper.params]);
export type PathLossConfig = z.input<typeof pathLossSchema>;

export function createPathLoss(config: PathLossConfig): PathLoss {
  const parsed = pathLossSchema.parse(config);
  switch (parsed.model) {
    case 'paper':
      return pathLossModels.paper.create(parsed);
  }
}
