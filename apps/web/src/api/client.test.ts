import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, CSRF_HEADER, createApiClient, type ResponseSchema } from './client.ts';

type FetchArgs = [input: string, init: RequestInit];

function stubFetch(respond: (...args: FetchArgs) => Promise<Response> | Response) {
  const fetchMock = vi.fn(respond);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function problem(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: (body as { status: number }).status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

const ZNumberBox: ResponseSchema<{ n: number }> = {
  safeParse: (data) =>
    typeof data === 'object' && data !== null && typeof (data as { n?: unknown }).n === 'number'
      ? { success: true, data: data as { n: number } }
      : { success: false },
};

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createApiClient', () => {
  it('sends the CSRF header, same-origin credentials and JSON, and returns the parsed body', async () => {
    const fetchMock = stubFetch(() => json({ n: 7 }, 201));
    const api = createApiClient();

    const result = await api.request('/api/things', {
      method: 'POST',
      body: { name: 'x' },
      schema: ZNumberBox,
    });

    expect(result).toEqual({ n: 7 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as FetchArgs;
    expect(url).toBe('/api/things');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"name":"x"}');
    const headers = new Headers(init.headers);
    expect(headers.get(CSRF_HEADER.name)).toBe('vigil');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('accept')).toContain('application/problem+json');
  });

  it('sends the CSRF header on GET requests too, without a body or content type', async () => {
    const fetchMock = stubFetch(() => json({ n: 1 }));
    await createApiClient({ baseUrl: 'http://127.0.0.1:9' }).request('/api/health');
    const [url, init] = fetchMock.mock.calls[0] as FetchArgs;
    expect(url).toBe('http://127.0.0.1:9/api/health');
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    const headers = new Headers(init.headers);
    expect(headers.get('x-requested-with')).toBe('vigil');
    expect(headers.has('content-type')).toBe(false);
  });

  it('sends a FormData body as it is, with the CSRF header and no content type of its own', async () => {
    const fetchMock = stubFetch(() => json({ n: 2 }));
    const form = new FormData();
    form.append('file', new File(['key,title\n'], 'risks.csv', { type: 'text/csv' }));

    await createApiClient().request('/api/v1/risks/import', { method: 'POST', body: form });

    const [, init] = fetchMock.mock.calls[0] as FetchArgs;
    expect(init.body).toBe(form);
    const headers = new Headers(init.headers);
    expect(headers.get(CSRF_HEADER.name)).toBe('vigil');
    // The browser sets multipart/form-data with its boundary; a Content-Type set here would lack it.
    expect(headers.has('content-type')).toBe(false);
  });

  it('turns a problem+json answer into an ApiError with code, status, title, detail, request id and field errors', async () => {
    stubFetch(() =>
      problem({
        type: 'https://vigil.dev/problems/validation-failed',
        title: 'The request is not valid',
        status: 422,
        detail: 'Two fields need attention.',
        code: 'validation_failed',
        requestId: 'req-42',
        errors: [
          { field: 'body.title', message: 'Too long' },
          { field: 'query.limit', message: 'Must be at most 100' },
        ],
      }),
    );

    const error = await rejection(createApiClient().request('/api/risks', { method: 'POST', body: {} }));

    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(422);
    expect(error.title).toBe('The request is not valid');
    expect(error.detail).toBe('Two fields need attention.');
    expect(error.requestId).toBe('req-42');
    expect(error.fieldErrors).toHaveLength(2);
    expect(error.fieldErrorMap()).toEqual({ title: 'Too long', 'query.limit': 'Must be at most 100' });
    expect(error.isClientSide).toBe(false);
  });

  it('keeps the problem’s extension members (retryAfterSeconds, restriction) apart from its standard ones', async () => {
    stubFetch(() =>
      problem({
        type: 'https://vigil.dev/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: 'Wait before trying again',
        code: 'rate_limited',
        requestId: 'req-429',
        retryAfterSeconds: 90,
        restriction: null,
      }),
    );
    const error = await rejection(
      createApiClient().request('/api/v1/auth/login', { method: 'POST', body: {} }),
    );
    expect(error.extensions).toEqual({ retryAfterSeconds: 90, restriction: null });
    expect(error.code).toBe('rate_limited');
  });

  it('treats a problem+json body as an error even when the status is listed as accepted', async () => {
    stubFetch(() =>
      problem({
        type: 'https://vigil.dev/problems/service-unavailable',
        title: 'The service is not ready',
        status: 503,
        code: 'service_unavailable',
        requestId: 'req-503',
      }),
    );
    const error = await rejection(createApiClient().request('/api/ready', { acceptStatuses: [503] }));
    expect(error.code).toBe('service_unavailable');
    expect(error.requestId).toBe('req-503');
  });

  it('returns a plain JSON body for an accepted non-2xx status (503 from /api/ready)', async () => {
    const body = {
      status: 'not_ready',
      database: { dialect: 'sqlite', reachable: false, pendingMigrations: 0 },
    };
    stubFetch(() => json(body, 503));
    await expect(createApiClient().request('/api/ready', { acceptStatuses: [503] })).resolves.toEqual(body);
  });

  it('derives a problem from the status when an error answer is not a problem document', async () => {
    stubFetch(
      () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html', 'x-request-id': 'proxy-1' },
        }),
    );
    const error = await rejection(createApiClient().request('/api/health'));
    expect(error.code).toBe('service_unavailable');
    expect(error.status).toBe(502);
    expect(error.requestId).toBe('proxy-1');
  });

  it('maps a JSON error body of the wrong shape by its status', async () => {
    stubFetch(() => json({ message: 'nope' }, 404));
    const error = await rejection(createApiClient().request('/api/x'));
    expect(error.code).toBe('not_found');
    expect(error.title).toBe('Not found');
    expect(error.requestId).toBeNull();
  });

  it('reports a network failure as an ApiError with status 0 and a clear message', async () => {
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    const error = await rejection(createApiClient().request('/api/health'));
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
    expect(error.message).toBe('The server could not be reached');
    expect(error.requestId).toBeNull();
    expect(error.isClientSide).toBe(true);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a request that outlives the timeout as code timeout', async () => {
    stubFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const error = await rejection(createApiClient({ timeoutMs: 20 }).request('/api/slow'));
    expect(error.code).toBe('timeout');
    expect(error.status).toBe(0);
  });

  it('passes a cancellation by the caller through unchanged (not an ApiError)', async () => {
    stubFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const controller = new AbortController();
    const pending = createApiClient().request('/api/slow', { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('rejects a success body that does not match the schema as invalid_response', async () => {
    stubFetch(() => json({ n: 'seven' }, 200, { 'x-request-id': 'req-7' }));
    const error = await rejection(createApiClient().request('/api/n', { schema: ZNumberBox }));
    expect(error.code).toBe('invalid_response');
    expect(error.status).toBe(200);
    expect(error.requestId).toBe('req-7');
  });

  it('rejects a success body that is not JSON as invalid_response', async () => {
    stubFetch(
      () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const error = await rejection(createApiClient().request('/api/n'));
    expect(error.code).toBe('invalid_response');
  });

  it('returns undefined for 204 No Content', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(createApiClient().request('/api/x', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
