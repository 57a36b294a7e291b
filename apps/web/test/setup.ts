import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import '../src/i18n/i18n.ts';

// Pages load lazily and talk to a loopback server: on a busy 2-core machine 1 s is not always enough.
configure({ asyncUtilTimeout: 4_000 });

// jsdom lacks the layout APIs Mantine uses; these are inert stand-ins, not behaviour under test.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  });
}

if (typeof window.ResizeObserver === 'undefined') {
  window.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

if (!Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = () => {};
}

// jsdom defines scrollTo without an implementation (it only logs an error); the router's scroll restoration calls it.
window.scrollTo = () => {};

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
