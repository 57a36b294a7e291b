import { Box, Group } from '@mantine/core';
import { Link, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './app-layout.module.css';
import { MAIN_CONTENT_ID, skipToMain } from './app-layout.tsx';
import { BrandMark } from './brand-mark.tsx';
import { ColorSchemeToggle } from './color-scheme-toggle.tsx';

/** The frame of the pages before sign-in (setup, sign-in, MFA, password reset, invitations): no navigation. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className={classes.skipLink} href={`#${MAIN_CONTENT_ID}`} onClick={skipToMain}>
        {t('shell.skipToContent')}
      </a>
      <Box component="header" className={classes.publicHeader}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Link to="/" className={classes.brand}>
            <BrandMark />
            <span>{t('app.name')}</span>
          </Link>
          <ColorSchemeToggle />
        </Group>
      </Box>
      <Box component="main" id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.publicMain}>
        <Box maw={480} mx="auto">
          {children ?? <Outlet />}
        </Box>
      </Box>
    </>
  );
}
