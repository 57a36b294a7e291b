import fastifyMultipart from '@fastify/multipart';
import type { FastifySchemaCompiler } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** Zod validation as on every route, except of the body: a multipart route reads its body itself. */
const exceptBody: FastifySchemaCompiler<z.ZodType> = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

/**
 * Makes the routes of a nested plugin multipart uploads: the parser (a part past its size limit throws,
 * so the handler can answer 413), and a validator that leaves the body to the handler, which reads the
 * file after authorization. Call it in the upload route's own nested plugin, so no other route parses
 * multipart.
 */
export async function acceptMultipart(app: Parameters<FastifyPluginAsyncZod>[0]): Promise<void> {
  await app.register(fastifyMultipart, { throwFileSizeLimit: true });
  app.setValidatorCompiler(exceptBody);
}
