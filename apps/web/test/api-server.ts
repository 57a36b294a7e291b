/// <reference types="node" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedAnswer {
  status: number;
  contentType?: string;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/**
 * A real HTTP server on 127.0.0.1 with canned answers per path, standing in for the Vigil server in
 * component tests. It answers CORS preflights, because the test page's origin differs from its port.
 */
export async function startApiServer(routes: Record<string, CannedAnswer>) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'x-requested-with, content-type, accept',
      'access-control-expose-headers': 'x-request-id',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const answer = routes[req.url ?? ''];
    if (!answer) {
      res.writeHead(404, { ...cors, 'content-type': 'text/plain' }).end('no canned answer');
      return;
    }
    res
      .writeHead(answer.status, { ...cors, 'content-type': answer.contentType ?? 'application/json' })
      .end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
