// Sets the colour scheme before the first paint, so a dark-mode user never sees a white flash.
// Mirrors Mantine's ColorSchemeScript, which cannot be used because it is an inline script.
// Keep the storage key in sync with COLOR_SCHEME_STORAGE_KEY in src/app/theme.ts.
(() => {
  let scheme = 'auto';
  try {
    const stored = window.localStorage.getItem('vigil-color-scheme');
    if (stored === 'light' || stored === 'dark' || stored === 'auto') scheme = stored;
  } catch {
    // Storage can be unavailable (privacy settings); fall back to the system preference.
  }
  if (scheme === 'auto') {
    scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
