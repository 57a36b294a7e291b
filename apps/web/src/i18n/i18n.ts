import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';

export const defaultNS = 'translation';
export const resources = { en: { translation: en } } as const;

// Resources are bundled, so initialisation is synchronous: the first render already has its strings.
void i18next.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  defaultNS,
  // Keys such as `permissions.person:read` contain a colon; Vigil has one namespace anyway.
  nsSeparator: false,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes output already.
});

export const i18n = i18next;
