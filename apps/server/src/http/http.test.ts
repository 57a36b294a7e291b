import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZProblem } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../test/app.ts';
import { describeEachDialect } from '../../test/databases.ts';
import { SPA_HEADERS } from '../../test/identity.ts';
import { AppError } from '../errors.ts';

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = ZProblem.parse(JSON.parse(res.body));
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  return problem;
}

describeEachDialect('system routes', (dialect) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(dialect);
  });

  it('GET /api/health says the process is up', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: expect.any(String) });
  });

  it('GET /api/ready reports the database and its migrations', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      database: { dialect, reachable: true, pendingMigrations: 0 },
    });
  });
});

describe('errors, headers and the SPA_HEADERS', () => {
  let app: FastifyInstance;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'vigil-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Vigil</title><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'app-123.js'), 'console.log(1)');
    app = await buildTestApp('sqlite', { webRoot, bodyLimit: 2048, ready: false });
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/api/test/echo',
      { schema: { body: z.object({ title: z.string().min(1).max(10), count: z.number().int() }) } },
      async (request) => request.body,
    );
    typed.get('/api/test/boom', async () => {
      throw new Error('SELECT secret FROM users WHERE 1=1 at /srv/vigil/src/x.ts:12');
    });
    typed.get('/api/test/conflict', async () => {
      throw new AppError('conflict', 'Risk RISK-1 was changed by someone else', {
        extensions: { current: { version: 3 } },
      });
    });
    await app.ready();
  });

  it('an unknown /api path is a 404 problem, never the SPA_HEADERS', async () => {
    const problem = expectProblem(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'not_found');
    expect(problem.detail).toContain('/api/nope');
    expectProblem(
      await app.inject({ method: 'DELETE', url: '/api/health', headers: SPA_HEADERS }),
      404,
      'not_found',
    );
  });

  it('serves the SPA_HEADERS with history fallback, and hashed assets as immutable', async () => {
    for (const url of ['/', '/risks/123', '/settings?tab=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/app-123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends security headers on every kind of response', async () => {
    const responses = await Promise.all(
      ['/', '/api/health', '/api/nope', '/assets/app-123.js', '/api/test/boom', '/api/docs'].map((url) =>
        app.inject({ method: 'GET', url }),
      ),
    );
    for (const res of responses) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-request-id']).toBeTruthy();
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const api = responses[1];
    expect(api?.headers['cache-control']).toBe('no-store');
  });

  it('validation errors list each field and what is wrong with it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: SPA_HEADERS,
      payload: { title: '', count: 'x' },
    });
    const problem = expectProblem(res, 422, 'validation_failed');
    const fields = problem.errors?.map((e) => e.field).sort();
    expect(fields).toEqual(['body.count', 'body.title']);
    for (const e of problem.errors ?? []) expect(e.message.length).toBeGreaterThan(0);
  });

  it('malformed JSON, a wrong content type and an oversized body get clear 4xx problems', async () => {
    const headers = { ...SPA_HEADERS, 'content-type': 'application/json' };
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/test/echo', headers, payload: '{"title":' }),
      400,
      'bad_request',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/test/echo',
        headers: { ...SPA_HEADERS, 'content-type': 'text/xml' },
        payload: '<a/>',
      }),
      415,
      'unsupported_media_type',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/test/echo',
        headers,
        payload: JSON.stringify({ title: 'x'.repeat(5000), count: 1 }),
      }),
      413,
      'payload_too_large',
    );
  });

  it('an unknown error is a 500 with the request id only: no message, stack, path or SQL', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/boom' });
    const problem = expectProblem(res, 500, 'internal_error');
    expect(problem.detail).toBeUndefined();
    expect(res.body).not.toMatch(/SELECT|secret|\/srv|\.ts|at /);
    // the process keeps serving
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('an AppError keeps its code, detail and extensions', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/conflict' });
    const problem = expectProblem(res, 409, 'conflict');
    expect(problem.detail).toBe('Risk RISK-1 was changed by someone else');
    expect(res.json().current).toEqual({ version: 3 });
  });

  it('keeps a well-formed upstream request id and replaces a hostile one', async () => {
    const kept = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'lb-12345678' },
    });
    expect(kept.headers['x-request-id']).toBe('lb-12345678');
    const replaced = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'a\nb forged log line' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('forged');
  });
});

describe('logs', () => {
  it('carry the request id on every line of a request and never a secret', async () => {
    const lines: string[] = [];
    const app = await buildTestApp('sqlite', {
      ready: false,
      logStream: { write: (line) => lines.push(line) },
    });
    app.post('/api/test/login', async (request) => {
      request.log.info({ body: request.body }, 'login attempt');
      return { ok: true };
    });
    await app.ready();
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/login',
      headers: { ...SPA_HEADERS, cookie: '__Host-vigil_session=sess_supersecret' },
      payload: { email: 'a@example.org', password: 'hunter2-hunter2', token: 'tok_supersecret' },
    });
    expect(res.statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/api/health?token=one-time-supersecret' });
    const entries = lines.map((line) => JSON.parse(line));
    const ofRequest = entries.filter((e) => e.requestId === res.headers['x-request-id']);
    expect(ofRequest.length).toBeGreaterThanOrEqual(3);
    expect(ofRequest.map((e) => e.msg)).toContain('login attempt');
    expect(entries.filter((e) => e.msg === 'login attempt').every((e) => e.requestId)).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toMatch(/hunter2|supersecret/);
    expect(all).toContain('[redacted]');
  });
});

describe('HTTPS deployments', () => {
  it('send HSTS when the public URL is https', async () => {
    const app = await buildTestApp('sqlite', { publicUrl: 'https://vigil.example.org' });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
  });
});
