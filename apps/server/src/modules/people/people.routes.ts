import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';

export function peopleRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
