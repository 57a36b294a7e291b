// Regenerates apps/server/openapi.json from the routes' Zod schemas: `npm run openapi`.
import { writeFileSync } from 'node:fs';
import { OPENAPI_PATH, renderOpenApiDocument } from '../src/http/openapi-document.ts';

writeFileSync(OPENAPI_PATH, await renderOpenApiDocument());
console.log(`wrote ${OPENAPI_PATH.pathname}`);
