import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import type { ApiClient } from '../api/client.ts';
import { redirectSearch, tokenSearch } from '../features/auth/safe-redirect.ts';
import {
  redirectIfSignedIn,
  requireAbility,
  requireRestriction,
  requireSession,
  requireSetupPending,
} from '../features/auth/session-guards.ts';
import { controlsSearch } from '../features/controls/controls-search.ts';
import { assessmentsSearch } from '../features/risk-assessments/assessments-search.ts';
import { registerSearch } from '../features/risks/register-search.ts';
import { RootRouteError, RouteError } from './errors/route-error.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { PagePending } from './pages/page-pending.tsx';
import { RootNotFound } from './pages/root-not-found.tsx';
import { AppLayout } from './shell/app-layout.tsx';
import { PublicLayout } from './shell/public-layout.tsx';

export interface RouterContext {
  queryClient: QueryClient;
  apiClient: ApiClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  errorComponent: RootRouteError,
  notFoundComponent: RootNotFound,
});

// ---------------------------------------------------------------- signed-in app, inside the shell

/** Every page of the signed-in app: the guard sends everyone else to setup, sign-in or MFA. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: requireSession,
  component: AppLayout,
  errorComponent: RootRouteError,
});

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../features/overview/overview-page.tsx'), 'OverviewPage'),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('../features/auth/profile-page.tsx'), 'ProfilePage'),
});

const riskRegisterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risks',
  validateSearch: registerSearch,
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(() => import('../features/risks/risk-register-page.tsx'), 'RiskRegisterPage'),
});

const heatMapRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risks/heat-map',
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(() => import('../features/risks/heat-map-page.tsx'), 'HeatMapPage'),
});

const riskDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risks/$riskId',
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(() => import('../features/risks/risk-detail-page.tsx'), 'RiskDetailPage'),
});

const riskActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risk-actions',
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(
    () => import('../features/risk-actions/risk-actions-page.tsx'),
    'RiskActionsPage',
  ),
});

const riskAssessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risk-assessments',
  validateSearch: assessmentsSearch,
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(
    () => import('../features/risk-assessments/risk-assessments-page.tsx'),
    'RiskAssessmentsPage',
  ),
});

const assetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assets',
  beforeLoad: requireAbility('asset:read'),
  component: lazyRouteComponent(() => import('../features/assets/assets-page.tsx'), 'AssetsPage'),
});

const riskMethodologyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risk-methodology',
  beforeLoad: requireAbility('risk:read'),
  component: lazyRouteComponent(
    () => import('../features/risk-methodology/risk-methodology-page.tsx'),
    'RiskMethodologyPage',
  ),
});

const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: lazyRouteComponent(
    () => import('../features/notifications/notifications-page.tsx'),
    'NotificationsPage',
  ),
});

const controlsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/controls',
  validateSearch: controlsSearch,
  beforeLoad: requireAbility('control:read'),
  component: lazyRouteComponent(() => import('../features/controls/controls-page.tsx'), 'ControlsPage'),
});

const controlDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/controls/$controlId',
  beforeLoad: requireAbility('control:read'),
  component: lazyRouteComponent(
    () => import('../features/controls/control-detail-page.tsx'),
    'ControlDetailPage',
  ),
});

const soaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/soa',
  beforeLoad: requireAbility('control:read'),
  component: lazyRouteComponent(() => import('../features/soa/soa-page.tsx'), 'SoaPage'),
});

const evidenceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/evidence',
  beforeLoad: requireAbility('evidence:read'),
  component: lazyRouteComponent(() => import('../features/evidence/evidence-page.tsx'), 'EvidencePage'),
});

const checksDueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/control-checks',
  beforeLoad: requireAbility('control:read'),
  component: lazyRouteComponent(
    () => import('../features/control-checks/checks-due-page.tsx'),
    'ChecksDuePage',
  ),
});

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  beforeLoad: requireAbility('person:read'),
  component: lazyRouteComponent(() => import('../features/people/people-page.tsx'), 'PeoplePage'),
});

const organisationSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organisation',
  beforeLoad: requireAbility('organisation:update'),
  component: lazyRouteComponent(
    () => import('../features/organisations/organisation-settings-page.tsx'),
    'OrganisationSettingsPage',
  ),
});

const auditTrailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit-trail',
  beforeLoad: requireAbility('audit_event:read'),
  component: lazyRouteComponent(
    () => import('../features/audit-events/audit-trail-page.tsx'),
    'AuditTrailPage',
  ),
});

// ---------------------------------------------------------------- before sign-in, on a plain page

const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'public',
  component: PublicLayout,
  errorComponent: RootRouteError,
});

const signInRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/sign-in',
  validateSearch: redirectSearch,
  beforeLoad: redirectIfSignedIn,
  component: lazyRouteComponent(() => import('../features/auth/sign-in-page.tsx'), 'SignInPage'),
});

const setupRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/setup',
  validateSearch: tokenSearch,
  beforeLoad: requireSetupPending,
  component: lazyRouteComponent(() => import('../features/auth/setup-page.tsx'), 'SetupPage'),
});

const mfaChallengeRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/mfa',
  validateSearch: redirectSearch,
  beforeLoad: requireRestriction('mfa_challenge'),
  component: lazyRouteComponent(() => import('../features/mfa/mfa-challenge-page.tsx'), 'MfaChallengePage'),
});

const mfaEnrolmentRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/mfa/setup',
  validateSearch: redirectSearch,
  beforeLoad: requireRestriction('mfa_enrolment'),
  component: lazyRouteComponent(() => import('../features/mfa/mfa-enrolment-page.tsx'), 'MfaEnrolmentPage'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(
    () => import('../features/auth/forgot-password-page.tsx'),
    'ForgotPasswordPage',
  ),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/reset-password',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('../features/auth/reset-password-page.tsx'),
    'ResetPasswordPage',
  ),
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/invitations/accept',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('../features/invitations/accept-invitation-page.tsx'),
    'AcceptInvitationPage',
  ),
});

/** The typed, code-based route tree. Modules add their routes here. */
export const routeTree = rootRoute.addChildren([
  appRoute.addChildren([
    overviewRoute,
    profileRoute,
    riskRegisterRoute,
    heatMapRoute,
    riskDetailRoute,
    riskActionsRoute,
    riskAssessmentsRoute,
    assetsRoute,
    riskMethodologyRoute,
    notificationsRoute,
    controlsRoute,
    controlDetailRoute,
    soaRoute,
    evidenceRoute,
    checksDueRoute,
    peopleRoute,
    organisationSettingsRoute,
    auditTrailRoute,
  ]),
  publicRoute.addChildren([
    signInRoute,
    setupRoute,
    mfaChallengeRoute,
    mfaEnrolmentRoute,
    forgotPasswordRoute,
    resetPasswordRoute,
    acceptInvitationRoute,
  ]),
]);

export interface AppRouterOptions {
  queryClient: QueryClient;
  apiClient: ApiClient;
  /** Browser history by default; tests pass a memory history. */
  history?: RouterHistory;
}

export function createAppRouter({ queryClient, apiClient, history }: AppRouterOptions) {
  return createRouter({
    routeTree,
    context: { queryClient, apiClient },
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFoundPage,
    defaultPendingComponent: PagePending,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
