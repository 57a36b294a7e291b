import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';

/** Where the committed copy of the OpenAPI document lives, so API changes show in review. */
export const OPENAPI_PATH = new URL('../../openapi.json', import.meta.url);

/** The OpenAPI document as the running server would serve it, formatted for committing. */
export async function renderOpenApiDocument(): Promise<string> {
  const database = await openDatabase('sqlite::memory:');
  const app = await buildApp({
    config: {
      publicUrl: 'http://127.0.0.1:3000',
      bodyLimit: 1024 * 1024,
      logLevel: 'silent',
      smtpUrl: null,
      mailFrom: 'vigil@localhost',
    },
    secretKey: Buffer.alloc(32),
    database,
    webRoot: null,
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
