import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { isApiError } from '../../api/client.ts';

/** What a form needs from a schema; the Zod schemas of @vigil/contracts fit. */
export interface ValidationSchema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export type FieldErrors = Record<string, string>;

/** Renames error keys where a form field differs from the request field (`expiresAt` -> `expiresOn`). */
function aliased(errors: FieldErrors, aliases: Readonly<Record<string, string>>): FieldErrors {
  const renamed: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) renamed[aliases[key] ?? key] ??= message;
  return renamed;
}

/** Zod issues as one message per field path (`a.b`), the first one winning. */
export function issuesToFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * A small form state: values, and errors shown next to each field. Errors come from the contract's
 * schema before sending and from the server's problem (`errors[]`) after; editing a field clears its
 * error; whenever errors appear, focus moves to the first field at fault.
 */
export function useForm<V extends Record<string, string | boolean>>(initialValues: V) {
  const [values, setValues] = useState<V>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);

  function setFieldValue<K extends keyof V & string>(name: K, value: V[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => {
      if (!(name in current)) return current;
      const { [name]: _cleared, ...rest } = current;
      return rest;
    });
  }

  /** Called from event handlers and request callbacks only (never while rendering). */
  function showErrors(next: FieldErrors) {
    // Rendered at once, so the first field at fault can take the focus now.
    flushSync(() => setErrors(next));
    if (Object.keys(next).length > 0) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  return {
    values,
    errors,
    formRef,
    setFieldValue,
    showErrors,
    reset: (next: V = initialValues) => {
      setValues(next);
      setErrors({});
    },
    /** The parsed values when the schema accepts them; otherwise shows its messages and returns null. */
    validate<T>(
      schema: ValidationSchema<T>,
      data: unknown = values,
      aliases: Readonly<Record<string, string>> = {},
    ): T | null {
      const result = schema.safeParse(data);
      if (result.success) {
        setErrors({});
        return result.data;
      }
      showErrors(aliased(issuesToFieldErrors(result.error.issues), aliases));
      return null;
    },
    /** Puts the server's field errors next to their fields; true when there were any. */
    showServerErrors(error: unknown, aliases: Readonly<Record<string, string>> = {}): boolean {
      if (!isApiError(error)) return false;
      const fieldErrors = error.fieldErrorMap();
      if (Object.keys(fieldErrors).length === 0) return false;
      showErrors(aliased(fieldErrors, aliases));
      return true;
    },
    /** value / onChange / error for a Mantine text-like input. */
    textInput<K extends keyof V & string>(name: K) {
      return {
        name,
        value: String(values[name]),
        onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
          setFieldValue(name, event.currentTarget.value as V[K]),
        error: errors[name],
      };
    },
    /** checked / onChange / error for a Mantine Checkbox or Switch. */
    checkbox<K extends keyof V & string>(name: K) {
      return {
        name,
        checked: Boolean(values[name]),
        onChange: (event: ChangeEvent<HTMLInputElement>) =>
          setFieldValue(name, event.currentTarget.checked as V[K]),
        error: errors[name],
      };
    },
  };
}

/** `onSubmit` that never lets the browser post the form itself. */
export function onSubmit(handler: () => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    handler();
  };
}
