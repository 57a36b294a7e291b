import { z } from 'zod';

/**
 * The one error taxonomy of Vigil: each code has a fixed HTTP status and a title written for people.
 * Clients switch on `code`, never on the title or detail text.
 */
export const ERROR_CODES = {
  validation_failed: { status: 422, title: 'The request is not valid' },
  /** An import file with problems; the problem's `report` member is the validation report. */
  import_invalid: { status: 422, title: 'The file has problems; nothing was imported' },
  bad_request: { status: 400, title: 'The request could not be understood' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'This conflicts with the current state' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  precondition_required: { status: 428, title: 'A version precondition is required' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  service_unavailable: { status: 503, title: 'The service is not ready' },
} as const;

export type TErrorCode = keyof typeof ERROR_CODES;
export const ZErrorCode = z.enum(Object.keys(ERROR_CODES) as [TErrorCode, ...TErrorCode[]]);

export const ZFieldError = z.object({
  /** Dotted path of the field, e.g. `body.title` or `query.limit`. */
  field: z.string().max(500),
  message: z.string().max(1000),
});
export type TFieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details, as every Vigil error response carries them. */
export const ZProblem = z.object({
  type: z.string().max(500),
  title: z.string().max(500),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  code: ZErrorCode,
  requestId: z.string().max(100),
  errors: z.array(ZFieldError).max(200).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

/** The `type` URI of a problem: stable, documented, one per code. */
export function problemType(code: TErrorCode): string {
  return `https://vigil.dev/problems/${code.replaceAll('_', '-')}`;
}
