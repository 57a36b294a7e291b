import { Button, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from './use-page-title.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));

  return (
    <Stack align="flex-start" gap="sm" maw={560} mx="auto" mt="xl" py="xl">
      <Text size="sm" fw={600} c="dimmed">
        {t('notFound.eyebrow')}
      </Text>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text c="dimmed" size="lg">
        {t('notFound.detail')}
      </Text>
      <Button component={Link} to="/" mt="md" leftSection={<IconArrowLeft size={16} aria-hidden />}>
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
