import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { ZProblem } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VERSION } from '../version.ts';

z.globalRegistry.add(ZProblem, { id: 'Problem' });

/**
 * OpenAPI 3.1, generated from the routes' Zod schemas. Served at /api/openapi.json, with a reference
 * page at /api/docs; the committed copy (apps/server/openapi.json) is compared in the tests.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: VERSION,
        description:
          'The REST API of Vigil, an ISMS for ISO/IEC 27001:2022. Errors are application/problem+json (RFC 9457) with a stable `code`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: [{ name: 'system', description: 'Health, readiness and this document' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: false,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
