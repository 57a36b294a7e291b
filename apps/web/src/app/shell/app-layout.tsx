import { AppShell, Box, Burger, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBook2, IconExternalLink } from '@tabler/icons-react';
import { Link, Outlet, useMatchRoute } from '@tanstack/react-router';
import type { TPermission } from '@vigil/contracts';
import { type KeyboardEvent, type MouseEvent, type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMeQuery } from '../../features/auth/auth.queries.ts';
import { MeProvider } from '../../features/auth/me-context.tsx';
import { useSessionWatch } from '../../features/auth/use-session-watch.ts';
import { NotificationsBell } from '../../features/notifications/notifications-bell.tsx';
import { OrganisationSwitcher } from '../../features/organisations/organisation-switcher.tsx';
import { API_REFERENCE_HREF, NAVIGATION } from '../navigation.ts';
import { PagePending } from '../pages/page-pending.tsx';
import classes from './app-layout.module.css';
import { BrandMark } from './brand-mark.tsx';
import { ColorSchemeToggle } from './color-scheme-toggle.tsx';
import { UserMenu } from './user-menu.tsx';

export const MAIN_CONTENT_ID = 'main-content';
const NAVIGATION_ID = 'main-navigation';

/** Moves focus to the main landmark, so keyboard users skip the header and navigation. */
export function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById(MAIN_CONTENT_ID);
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}

/** The signed-in app: header, navigation by the role's abilities, and the page (`children` or the route's). */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { data: me } = useMeQuery();
  useSessionWatch(me);
  // Between a session change and the guards' next run (sign-out elsewhere, organisation switch).
  if (!me || me.restriction) return <PagePending />;
  return (
    <MeProvider me={me}>
      <AppFrame abilities={me.abilities}>{children ?? <Outlet />}</AppFrame>
    </MeProvider>
  );
}

function AppFrame({ abilities, children }: { abilities: readonly TPermission[]; children: ReactNode }) {
  const { t } = useTranslation();
  const [navOpened, nav] = useDisclosure(false);
  const matchRoute = useMatchRoute();
  const burgerRef = useRef<HTMLButtonElement>(null);

  const visible = NAVIGATION.filter((item) => !item.ability || abilities.includes(item.ability));
  // The most specific entry wins: on /risks/heat-map that is "Heat map", not "Risk register".
  const activeTo = visible
    .filter((item) => matchRoute({ to: item.to, fuzzy: item.to !== '/' }))
    .reduce<string | null>(
      (best, item) => (best === null || item.to.length > best.length ? item.to : best),
      null,
    );

  /** Escape closes the mobile navigation and returns focus to the button that opened it. */
  const closeNavOnEscape = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || !navOpened) return;
    nav.close();
    burgerRef.current?.focus();
  };

  return (
    <>
      <a className={classes.skipLink} href={`#${MAIN_CONTENT_ID}`} onClick={skipToMain}>
        {t('shell.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={{ base: 'md', sm: 'xl' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                ref={burgerRef}
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navOpened ? t('shell.closeNavigation') : t('shell.openNavigation')}
                aria-expanded={navOpened}
                aria-controls={NAVIGATION_ID}
              />
              <Link to="/" className={classes.brand} onClick={nav.close}>
                <BrandMark />
                <span>{t('app.name')}</span>
              </Link>
              <OrganisationSwitcher />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <ColorSchemeToggle />
              <NotificationsBell />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar
          id={NAVIGATION_ID}
          aria-label={t('shell.mainNavigation')}
          p="sm"
          className={classes.navbar}
          mod={{ 'mobile-collapsed': !navOpened }}
          onKeyDown={closeNavOnEscape}
        >
          <AppShell.Section grow>
            <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {visible.map((item) => (
                <li key={item.to}>
                  <NavLink
                    component={Link}
                    to={item.to}
                    // The router would mark /risks current on /risks/heat-map too (a prefix): only the
                    // exact page is aria-current; `active` highlights the most specific entry.
                    activeOptions={{ exact: true, includeSearch: false }}
                    active={item.to === activeTo}
                    label={t(item.labelKey)}
                    leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
                    onClick={nav.close}
                  />
                </li>
              ))}
            </Box>
          </AppShell.Section>
          <AppShell.Section>
            <Text size="xs" fw={600} tt="uppercase" c="dimmed" className={classes.sectionLabel}>
              {t('shell.resources')}
            </Text>
            <NavLink
              component="a"
              href={API_REFERENCE_HREF}
              label={t('shell.apiReference')}
              leftSection={<IconBook2 size={18} stroke={1.7} aria-hidden />}
              rightSection={<IconExternalLink size={14} stroke={1.7} aria-hidden />}
            />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
          <Box maw={1280} mx="auto">
            {children}
          </Box>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
