import { describe, expect, it } from 'vitest';
import { redirectSearch, safeRedirect, tokenSearch } from './safe-redirect.ts';

describe('safeRedirect', () => {
  it('keeps a path of this app, with its query and hash', () => {
    expect(safeRedirect('/people?role=admin#top')).toBe('/people?role=admin#top');
    expect(safeRedirect('/')).toBe('/');
  });

  it.each([
    ['an absolute URL', 'https://evil.example/phish'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash trick', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'people'],
    ['a header-splitting newline', '/people\r\nLocation: https://evil.example'],
    ['an empty string', ''],
    ['a non-string', 42],
  ])('refuses %s and falls back', (_what, target) => {
    expect(safeRedirect(target)).toBe('/');
    expect(safeRedirect(target, '/profile')).toBe('/profile');
  });
});

describe('search params', () => {
  it('keep only string values', () => {
    expect(redirectSearch({ redirect: '/people' })).toEqual({ redirect: '/people' });
    expect(redirectSearch({ redirect: 5 })).toEqual({});
    expect(tokenSearch({ token: 'abc', other: 'x' })).toEqual({ token: 'abc' });
    expect(tokenSearch({})).toEqual({});
  });
});
