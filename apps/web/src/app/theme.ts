import {
  type CSSVariablesResolver,
  createTheme,
  localStorageColorSchemeManager,
  type MantineColorsTuple,
} from '@mantine/core';

/** Where the chosen colour scheme is kept. public/color-scheme.js reads the same key before first paint. */
export const COLOR_SCHEME_STORAGE_KEY = 'vigil-color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });

/** A calm ink blue. Shade 7 (light) and 8 (dark) carry white text at >= 5.9:1. */
const vigil: MantineColorsTuple = [
  '#eef3fb',
  '#dce5f4',
  '#b6c8e8',
  '#8eaada',
  '#6d90cf',
  '#5880c8',
  '#4a73be',
  '#3c63a8',
  '#2f5596',
  '#254780',
];

/** Neutral dark surfaces with a slight blue cast; dark.2 (dimmed) stays >= 4.8:1 on every surface. */
const dark: MantineColorsTuple = [
  '#d5d9e0',
  '#b9bfc9',
  '#949cab',
  '#6c7485',
  '#454c5a',
  '#353b47',
  '#2a2f39',
  '#20242c',
  '#1a1d23',
  '#121419',
];

export const theme = createTheme({
  primaryColor: 'vigil',
  primaryShade: { light: 7, dark: 8 },
  colors: { vigil, dark },
  autoContrast: true,
  focusRing: 'auto',
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  components: {
    // A toast's message under a title is gray.6 on white (3.3:1) by default: dimmed keeps >= 4.5:1.
    Notification: { styles: { description: { color: 'var(--mantine-color-dimmed)' } } },
  },
});

/**
 * Mantine's default dimmed text (gray.6 on white, 3.3:1) and dark-scheme link colour fail WCAG AA;
 * these overrides keep every text colour at >= 4.5:1 on the surfaces the app uses.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5b626a',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {
    '--mantine-color-anchor': 'var(--mantine-color-vigil-3)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});
