import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password input whose show/hide button is reachable by keyboard and named for screen readers, and
 * which is marked invalid with its error (Mantine's PasswordInput links the message but omits `aria-invalid`).
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('forms.showPassword') }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
