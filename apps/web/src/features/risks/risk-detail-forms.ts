import { type FieldErrors, issuesToFieldErrors, type ValidationSchema } from '../../app/forms/use-form.ts';

/**
 * A request checked against its contract schema plus what the form requires beyond it (e.g. a field
 * the server requires only in some states): the parsed request, or every message at once.
 */
export function checkRequest<T>(
  schema: ValidationSchema<T>,
  data: unknown,
  required: FieldErrors,
  toField: (path: string) => string = (path) => path,
): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(data);
  const errors: FieldErrors = {};
  if (!result.success)
    for (const [path, message] of Object.entries(issuesToFieldErrors(result.error.issues)))
      errors[toField(path)] ??= message;
  // A missing value's own message reads better than the schema's about the empty one (e.g. "Invalid UUID").
  Object.assign(errors, required);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data };
  return { ok: false, errors };
}
