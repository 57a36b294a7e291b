import { ERROR_CODES, type TErrorCode, type TFieldError, ZProblem } from '@vigil/contracts';

/** Failures that happen before or instead of a server answer; the server never sends these codes. */
export const CLIENT_ERROR_CODES = ['network_error', 'timeout', 'invalid_response'] as const;
export type TClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type TApiErrorCode = TErrorCode | TClientErrorCode;

export interface ApiErrorInit {
  code: TApiErrorCode;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  title: string;
  detail?: string | null;
  requestId?: string | null;
  fieldErrors?: readonly TFieldError[];
  extensions?: Readonly<Record<string, unknown>>;
}

/** Every failure of an API call, whether the server answered with a problem or never answered at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: TApiErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  readonly requestId: string | null;
  readonly fieldErrors: readonly TFieldError[];
  /**
   * Members of the problem document beyond the standard ones, e.g. `retryAfterSeconds` on a 429,
   * `restriction` on a 403 while MFA is pending, `current` on a 409. Unchecked: read with care.
   */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: ApiErrorInit, options?: ErrorOptions) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title, options);
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail ?? null;
    this.requestId = init.requestId ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.extensions = init.extensions ?? {};
  }

  /** True for failures detected in the browser (no answer, timeout, unreadable answer). */
  get isClientSide(): boolean {
    return (CLIENT_ERROR_CODES as readonly string[]).includes(this.code);
  }

  /**
   * Field errors keyed by field path without its location prefix (`body.title` -> `title`), the
   * shape form libraries expect. The first message wins when a field has several.
   */
  fieldErrorMap(prefix = 'body.'): Record<string, string> {
    const map: Record<string, string> = {};
    for (const { field, message } of this.fieldErrors) {
      const key = field.startsWith(prefix) ? field.slice(prefix.length) : field;
      map[key] ??= message;
    }
    return map;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What the client needs from a response schema; Zod schemas from @vigil/contracts fit. */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON; a FormData is sent as multipart/form-data (e.g. a file upload). */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Cancels the request (TanStack Query passes one); a cancelled request rejects with the AbortError. */
  signal?: AbortSignal;
  /**
   * Non-2xx statuses whose JSON body is a regular answer rather than a problem, e.g. 503 from
   * `/api/ready`, which reports what is not ready. A problem+json body is always an error.
   */
  acceptStatuses?: readonly number[];
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

export interface ApiClient {
  request<T>(path: string, options: RequestOptions & { schema: ResponseSchema<T> }): Promise<T>;
  request(path: string, options?: RequestOptions): Promise<unknown>;
}

export interface ApiClientOptions {
  /** Prepended to every path; empty in production, where the API is on the same origin. */
  baseUrl?: string;
  /** @default 15000 */
  timeoutMs?: number;
}

/** The server requires this header on every API request (CSRF defence: a form post cannot set it). */
export const CSRF_HEADER = { name: 'X-Requested-With', value: 'vigil' } as const;

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
/** The members of a problem document that ApiError has its own fields for; the rest are extensions. */
const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors']);
const REQUEST_ID_HEADER = 'x-request-id';

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const defaultTimeoutMs = options.timeoutMs ?? 15_000;

  function request<T>(path: string, options: RequestOptions & { schema: ResponseSchema<T> }): Promise<T>;
  function request(path: string, options?: RequestOptions): Promise<unknown>;
  async function request(
    path: string,
    opts: RequestOptions & { schema?: ResponseSchema<unknown> } = {},
  ): Promise<unknown> {
    const headers = new Headers(opts.headers);
    headers.set('Accept', `application/json, ${PROBLEM_MEDIA_TYPE}`);
    headers.set(CSRF_HEADER.name, CSRF_HEADER.value);
    const init: RequestInit = {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'same-origin',
    };
    if (opts.body instanceof FormData) {
      // No Content-Type: the browser writes multipart/form-data with the boundary it chose.
      init.body = opts.body;
    } else if (opts.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      init.body = JSON.stringify(opts.body);
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? defaultTimeoutMs);
    init.signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, init);
    } catch (cause) {
      if (opts.signal?.aborted) throw cause; // cancelled by the caller: not a failure to report
      if (timeout.aborted) {
        throw new ApiError(
          { code: 'timeout', status: 0, title: 'The server did not answer in time' },
          { cause },
        );
      }
      throw new ApiError(
        { code: 'network_error', status: 0, title: 'The server could not be reached' },
        { cause },
      );
    }

    const requestId = response.headers.get(REQUEST_ID_HEADER);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const accepted = response.ok || (opts.acceptStatuses ?? []).includes(response.status);

    if (mediaType === PROBLEM_MEDIA_TYPE || !accepted) {
      throw await problemFrom(response, requestId);
    }
    if (response.status === 204 || response.status === 205) return undefined;

    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      if (opts.signal?.aborted) throw cause;
      throw invalidResponse(response.status, requestId, cause);
    }
    if (!opts.schema) return body;
    const parsed = opts.schema.safeParse(body);
    if (!parsed.success) throw invalidResponse(response.status, requestId);
    return parsed.data;
  }

  return { request };
}

function invalidResponse(status: number, requestId: string | null, cause?: unknown): ApiError {
  return new ApiError(
    { code: 'invalid_response', status, title: 'The server sent an unexpected answer', requestId },
    cause === undefined ? undefined : { cause },
  );
}

/** Reads an error answer: a problem document when the server sent one, otherwise a problem derived from the status. */
async function problemFrom(response: Response, headerRequestId: string | null): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): fall through to the status.
  }
  const parsed = ZProblem.safeParse(body);
  if (parsed.success) {
    const problem = parsed.data;
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (!PROBLEM_MEMBERS.has(key)) extensions[key] = value;
    }
    return new ApiError({
      code: problem.code,
      status: problem.status,
      title: problem.title,
      detail: problem.detail ?? null,
      requestId: problem.requestId,
      fieldErrors: problem.errors ?? [],
      extensions,
    });
  }
  const code = codeForStatus(response.status);
  return new ApiError({
    code,
    status: response.status,
    title: ERROR_CODES[code].title,
    requestId: headerRequestId,
  });
}

function codeForStatus(status: number): TErrorCode {
  for (const [code, entry] of Object.entries(ERROR_CODES) as [TErrorCode, { status: number }][]) {
    if (entry.status === status) return code;
  }
  if (status === 502 || status === 504) return 'service_unavailable';
  return status >= 500 ? 'internal_error' : 'bad_request';
}
