import { ERROR_CODES, type TErrorCode, type TFieldError } from '@vigil/contracts';

/**
 * The one error type services throw. It carries a stable code (which fixes the HTTP status), a message
 * written for the person who made the request, and for validation errors the fields at fault.
 * The HTTP error handler turns it into problem+json; the CLI prints its detail.
 */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly detail: string;
  readonly fieldErrors: TFieldError[] | undefined;
  /** Extra members of the problem document, e.g. the current state of a record on a 409. */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    code: TErrorCode,
    detail: string,
    options: { fieldErrors?: TFieldError[]; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.fieldErrors = options.fieldErrors;
    this.extensions = options.extensions;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (detail = 'Your role does not allow this action') =>
  new AppError('forbidden', detail);
