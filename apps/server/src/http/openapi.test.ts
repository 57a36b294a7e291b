import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { OPENAPI_PATH, renderOpenApiDocument } from './openapi-document.ts';

describe('OpenAPI document', () => {
  it('matches the committed copy (run `npm run openapi` after an API change and commit the result)', async () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(await renderOpenApiDocument()).toBe(committed);
  });

  it('is OpenAPI 3.1, served at /api/openapi.json, and documents every /api route', async () => {
    const app = await buildTestApp('sqlite');
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/ready']));
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it('has an API reference page that loads no inline script', async () => {
    const app = await buildTestApp('sqlite');
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});
