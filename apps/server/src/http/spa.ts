import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';

/**
 * Serves the built web app at `/` with history fallback: any GET outside `/api` that names no file gets
 * index.html, so client-side routes survive a reload. `/api/*` never falls back to the SPA.
 */
export async function registerSpa(app: FastifyInstance, webRoot: string | null): Promise<void> {
  const index = webRoot ? join(webRoot, 'index.html') : null;
  const built = index !== null && existsSync(index);
  if (built && webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = path === '/api' || path.startsWith('/api/');
    if (!isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return sendProblem(reply, 'not_found', 'The web app is not built: run `npm run build`');
    }
    return sendProblem(reply, 'not_found', `No route matches ${request.method} ${path}`);
  });
}
