/** English, the reference language: every other language file has exactly these keys. */
export const en = {
  app: {
    name: 'Vigil',
    tagline: 'Information security management',
    documentTitle: '{{page}} · Vigil',
  },
  shell: {
    skipToContent: 'Skip to main content',
    mainNavigation: 'Main navigation',
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    resources: 'Resources',
    loadingPage: 'Loading the page…',
    apiReference: 'API reference',
    colorScheme: {
      label: 'Colour scheme',
      light: 'Light',
      dark: 'Dark',
      auto: 'Follow system',
    },
  },
  nav: {
    overview: 'Overview',
  },
  overview: {
    title: 'Overview',
    lead: 'Your information security management system at a glance.',
  },
  system: {
    title: 'System status',
    description: 'Live answers from the Vigil server.',
    loading: 'Checking the server…',
    ready: 'Operational',
    notReady: 'Not ready',
    version: 'Version',
    database: 'Database',
    connection: 'Database connection',
    reachable: 'Reachable',
    unreachable: 'Unreachable',
    pendingMigrations: 'Pending migrations',
    dialects: {
      sqlite: 'SQLite (embedded)',
      postgres: 'PostgreSQL',
    },
    retry: 'Check again',
  },
  errors: {
    requestId: 'Request ID',
    retry: 'Try again',
    goHome: 'Go to the overview',
    reportHint: 'If this keeps happening, give the request ID to your administrator.',
    serverDetail: 'Try again in a moment.',
    unexpected: {
      title: 'Something went wrong',
      detail: 'An unexpected error stopped this page. Try again, or go back to the overview.',
    },
    client: {
      network_error: {
        title: 'The Vigil server cannot be reached',
        detail: 'Check your network connection, then try again.',
      },
      timeout: {
        title: 'The Vigil server did not answer in time',
        detail: 'The server may be busy. Try again in a moment.',
      },
      invalid_response: {
        title: 'The Vigil server sent an answer this page does not understand',
        detail: 'The web app and the server may be on different versions. Reload the page.',
      },
    },
  },
  notFound: {
    eyebrow: 'Error 404',
    title: 'Page not found',
    detail: 'The page you asked for does not exist, or it has moved.',
    home: 'Back to the overview',
  },
} as const;

export type TTranslation = typeof en;
