import { ERROR_CODES, problemType, type TErrorCode, type TFieldError, type TProblem } from '@vigil/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function sendProblem(
  reply: FastifyReply,
  code: TErrorCode,
  detail: string | undefined,
  extra: { errors?: TFieldError[]; extensions?: Record<string, unknown> } = {},
): FastifyReply {
  const { status, title } = ERROR_CODES[code];
  const problem: TProblem & Record<string, unknown> = {
    ...extra.extensions,
    type: problemType(code),
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    requestId: String(reply.request.id),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  return reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .serializer(JSON.stringify)
    .send(problem);
}

/** Fastify's own errors, by code, mapped onto Vigil's taxonomy with a message for people. */
const FASTIFY_ERRORS: Record<string, [TErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is larger than this server accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the request body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 'The Content-Length header does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['bad_request', 'The request says it has a JSON body but the body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['bad_request', 'The request body is not valid JSON'],
  FST_ERR_BAD_URL: ['bad_request', 'The URL is not valid'],
  FST_ERR_ASYNC_CONSTRAINT: ['bad_request', 'The request could not be routed'],
};

function zodFieldErrors(error: FastifyError): TFieldError[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = (issue.instancePath ?? '')
      .split('/')
      .filter((p) => p.length > 0)
      .join('.');
    return { field: path ? `${context}.${path}` : context, message: issue.message ?? 'is not valid' };
  });
}

/** The one error handler: every error becomes problem+json; unknown errors reveal nothing but the request id. */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) {
    if (error.status >= 500) request.log.error({ err: error }, 'request failed');
    const extra: { errors?: TFieldError[]; extensions?: Record<string, unknown> } = {};
    if (error.fieldErrors) extra.errors = error.fieldErrors;
    if (error.extensions) extra.extensions = error.extensions;
    return sendProblem(reply, error.code, error.detail, extra);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = zodFieldErrors(error);
    return sendProblem(reply, 'validation_failed', 'Some fields are missing or not valid', { errors });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, 'internal_error', undefined);
  }
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return sendProblem(reply, known[0], known[1]);
  if (error.statusCode === 429)
    return sendProblem(reply, 'rate_limited', 'Wait a moment before trying again');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    request.log.info({ err: error }, 'client error');
    return sendProblem(reply, 'bad_request', 'The request could not be understood');
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 'internal_error', undefined);
}
