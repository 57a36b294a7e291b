import { z } from 'zod';

export const ZHealth = z.object({
  status: z.literal('ok'),
  version: z.string().max(50),
});
export type THealth = z.infer<typeof ZHealth>;

export const ZReadiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    reachable: z.boolean(),
    pendingMigrations: z.number().int().min(0),
  }),
});
export type TReadiness = z.infer<typeof ZReadiness>;
