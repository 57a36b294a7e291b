/// <reference types="node" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedAnswer {
  status: number;
  contentType?: string;
  /** Omitted for 204. */
  body?: unknown;
  /** The answer is held back until this settles: lets a test look at the page while a request is pending. */
  until?: Promise<unknown>;
  /** Drops the connection instead of answering: the browser sees a network failure. */
  drop?: boolean;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, the raw text of any other body, or undefined when there was none. */
  body: unknown;
}

/** A fixed answer, or one computed from the request (e.g. to answer differently the second time). */
export type Route = CannedAnswer | ((request: RecordedRequest) => CannedAnswer);

const PROBLEM = 'application/problem+json';

/** A problem+json answer as the Vigil server sends it. */
export function problem(
  status: number,
  code: string,
  title: string,
  extra: { detail?: string; errors?: { field: string; message: string }[]; [key: string]: unknown } = {},
): CannedAnswer {
  return {
    status,
    contentType: PROBLEM,
    body: {
      type: `https://vigil.dev/problems/${code.replaceAll('_', '-')}`,
      title,
      status,
      code,
      requestId: `req-${code}`,
      ...extra,
    },
  };
}

/** A promise and the function that settles it, for `until`. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * A real HTTP server on 127.0.0.1 with canned answers, standing in for the Vigil server in component
 * tests. Routes are keyed `"METHOD /path"` or `"/path"` (any method); a key with a query string must
 * match exactly, one without matches any query. It answers CORS preflights, because the test page's
 * origin differs from its port.
 */
export async function startApiServer(routes: Record<string, Route>) {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'x-requested-with, content-type, accept',
      'access-control-expose-headers': 'x-request-id',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? '';
    const url = req.url ?? '';
    const recorded: RecordedRequest = {
      method,
      url,
      headers: req.headers,
      body: !text
        ? undefined
        : (req.headers['content-type'] ?? '').includes('json')
          ? JSON.parse(text)
          : text,
    };
    requests.push(recorded);
    const path = url.split('?')[0] ?? url;
    const route =
      routes[`${method} ${url}`] ?? routes[url] ?? routes[`${method} ${path}`] ?? routes[path] ?? null;
    if (!route) {
      res.writeHead(404, { ...cors, 'content-type': 'text/plain' }).end('no canned answer');
      return;
    }
    const answer = typeof route === 'function' ? route(recorded) : route;
    if (answer.until) await answer.until;
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    if (answer.status === 204) {
      res.writeHead(204, cors).end();
      return;
    }
    res
      .writeHead(answer.status, { ...cors, 'content-type': answer.contentType ?? 'application/json' })
      .end(JSON.stringify(answer.body ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** The recorded requests other than GETs, as `"METHOD /path"`. */
    changes: () => requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
