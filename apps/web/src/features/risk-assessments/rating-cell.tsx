import { Stack, Text } from '@mantine/core';
import type { TRating } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { LevelBadge } from '../risks/level-badge.tsx';

/** A rating as its level badge over "Likelihood 3, impact 4". */
export function RatingCell({ rating }: { rating: TRating }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-start">
      <LevelBadge level={rating.level} size="sm" />
      <Text size="xs" c="dimmed">
        {t('riskAssessments.rating', { likelihood: rating.likelihood, impact: rating.impact })}
      </Text>
    </Stack>
  );
}
