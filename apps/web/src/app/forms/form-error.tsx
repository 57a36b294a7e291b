import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { describeError } from '../errors/describe-error.ts';
import { RequestId } from '../errors/request-id.tsx';

export interface FormErrorProps {
  /** The failed request's error, or null. */
  error: unknown;
  /** Fields the form shows errors next to: a problem whose field errors all name one of them needs no alert. */
  fields?: readonly string[];
  /** A heading for this form's failure, when the problem title alone would read oddly. */
  title?: string | undefined;
  /** One more sentence, e.g. how long to wait. */
  hint?: string | undefined;
}

/**
 * A failed submission that is not about one field (wrong credentials, a refused token, a conflict, no
 * server): the problem title, its detail and the request id, above the submit button.
 */
export function FormError({ error, fields = [], title, hint }: FormErrorProps) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error) && error.fieldErrors.length > 0) {
    const shown = Object.keys(error.fieldErrorMap());
    if (shown.every((field) => fields.includes(field))) return null;
  }
  const description = describeError(error, t);
  return (
    <Alert
      variant="light"
      color="red"
      radius="md"
      role="alert"
      // Mantine's light alert title is below 4.5:1 on its tinted background; red.9 / red.4 pass AA.
      styles={{ label: { color: 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))' } }}
      title={title ?? description.title}
      icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
    >
      <Stack gap={4}>
        <Text size="sm">{description.detail}</Text>
        {hint && <Text size="sm">{hint}</Text>}
        {description.requestId && <RequestId id={description.requestId} />}
      </Stack>
    </Alert>
  );
}
