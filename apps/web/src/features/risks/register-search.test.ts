import { describe, expect, it } from 'vitest';
import {
  hasRegisterFilters,
  registerQueryParams,
  registerSearch,
  withoutFilters,
} from './register-search.ts';

const OWNER = '01936f4e-0000-7000-8000-0000000000b2';

describe('registerSearch', () => {
  it('keeps every valid filter and the sort', () => {
    expect(
      registerSearch({
        level: 'high',
        status: 'assessed',
        treatment: 'none',
        ownerId: OWNER,
        category: 'Access control',
        tag: 'citizens',
        assetId: OWNER,
        overdueReview: true,
        outdated: 'true',
        open: true,
        rating: 'residual',
        likelihood: 4,
        impact: '5',
        q: '  phishing  ',
        sort: 'level',
        direction: 'desc',
      }),
    ).toEqual({
      level: 'high',
      status: 'assessed',
      treatment: 'none',
      ownerId: OWNER,
      category: 'Access control',
      tag: 'citizens',
      assetId: OWNER,
      overdueReview: true,
      outdated: true,
      open: true,
      rating: 'residual',
      likelihood: 4,
      impact: 5,
      q: 'phishing',
      sort: 'level',
      direction: 'desc',
    });
  });

  it('drops each invalid value and keeps the valid rest', () => {
    expect(
      registerSearch({
        level: 'High!',
        status: 'open',
        treatment: 'ignore',
        ownerId: 'not-an-id',
        category: '',
        tag: 'x'.repeat(41),
        assetId: 12,
        overdueReview: false,
        outdated: 'yes',
        open: 1,
        q: 'x'.repeat(201),
        sort: 'owner',
        direction: 'up',
        status_: 'assessed',
        tag2: 'ok',
      }),
    ).toEqual({});
    expect(registerSearch({ level: 'medium', status: 'closed!', sort: 'title' })).toEqual({
      level: 'medium',
      sort: 'title',
    });
  });

  it('keeps a heat-map cell only when rating, likelihood and impact are all valid', () => {
    expect(registerSearch({ rating: 'inherent', likelihood: 1, impact: 7 })).toEqual({
      rating: 'inherent',
      likelihood: 1,
      impact: 7,
    });
    expect(registerSearch({ rating: 'inherent', likelihood: 8, impact: 3 })).toEqual({});
    expect(registerSearch({ rating: 'inherent', likelihood: 2.5, impact: 3 })).toEqual({});
    expect(registerSearch({ rating: 'target', likelihood: 2, impact: 3 })).toEqual({});
    expect(registerSearch({ likelihood: 2, impact: 3 })).toEqual({});
    expect(registerSearch({ rating: 'residual', likelihood: 2 })).toEqual({});
  });

  it('reads search words the router parsed as numbers or booleans as the text typed', () => {
    expect(registerSearch({ q: 2026, tag: true })).toEqual({ q: '2026', tag: 'true' });
  });
});

describe('register search helpers', () => {
  it('tells filters from a sort, and clears the filters but keeps the sort', () => {
    expect(hasRegisterFilters({ sort: 'title', direction: 'desc' })).toBe(false);
    expect(hasRegisterFilters({ q: 'vpn' })).toBe(true);
    expect(withoutFilters({ q: 'vpn', level: 'high', sort: 'title', direction: 'desc' })).toEqual({
      sort: 'title',
      direction: 'desc',
    });
  });

  it('writes the filters as API parameters, booleans and numbers as text', () => {
    expect(
      registerQueryParams({
        level: 'high',
        overdueReview: true,
        rating: 'residual',
        likelihood: 4,
        impact: 5,
        sort: 'level',
      }),
    ).toEqual({
      level: 'high',
      overdueReview: 'true',
      rating: 'residual',
      likelihood: '4',
      impact: '5',
      sort: 'level',
      direction: undefined,
    });
  });
});
