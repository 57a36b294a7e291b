import {
  Center,
  isMantineColorScheme,
  type MantineColorScheme,
  SegmentedControl,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun, type TablerIcon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const OPTIONS: readonly { value: MantineColorScheme; icon: TablerIcon }[] = [
  { value: 'light', icon: IconSun },
  { value: 'dark', icon: IconMoon },
  { value: 'auto', icon: IconDeviceDesktop },
];

/** Light / dark / follow the system; Mantine's manager keeps the choice in localStorage. */
export function ColorSchemeToggle() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();

  return (
    <SegmentedControl
      size="xs"
      radius="md"
      aria-label={t('shell.colorScheme.label')}
      value={colorScheme}
      onChange={(value) => {
        if (isMantineColorScheme(value)) setColorScheme(value);
      }}
      data={OPTIONS.map(({ value, icon: Icon }) => ({
        value,
        label: (
          <Center title={t(`shell.colorScheme.${value}`)}>
            <Icon size={16} stroke={1.7} aria-hidden />
            <VisuallyHidden>{t(`shell.colorScheme.${value}`)}</VisuallyHidden>
          </Center>
        ),
      }))}
    />
  );
}
