import { describe, expect, it } from 'vitest';
import {
  controlsQueryParams,
  controlsSearch,
  hasControlFilters,
  withoutControlFilters,
} from './controls-search.ts';

const OWNER = '01936f4e-0000-7000-8000-0000000000b2';
const RISK = '01936f4e-0000-7000-8000-0000000000c1';

describe('controlsSearch', () => {
  it('keeps every valid filter and the tab', () => {
    expect(
      controlsSearch({
        theme: 'physical',
        applicability: 'not_applicable',
        status: 'inherited',
        ownerId: OWNER,
        controlType: 'detective',
        property: 'availability',
        concept: 'respond',
        capability: 'identity_and_access_management',
        domain: 'defence',
        riskId: RISK,
        q: '  backup  ',
        view: 'csf',
      }),
    ).toEqual({
      theme: 'physical',
      applicability: 'not_applicable',
      status: 'inherited',
      ownerId: OWNER,
      controlType: 'detective',
      property: 'availability',
      concept: 'respond',
      capability: 'identity_and_access_management',
      domain: 'defence',
      riskId: RISK,
      q: 'backup',
      view: 'csf',
    });
  });

  it('drops each invalid value and keeps the valid rest', () => {
    expect(
      controlsSearch({
        theme: 'custom',
        applicability: 'yes',
        status: 'done',
        ownerId: 'not-an-id',
        controlType: 'Detective',
        property: 'secrecy',
        concept: 7,
        capability: ['governance'],
        domain: 'defense',
        riskId: 12,
        q: 'x'.repeat(201),
        view: 'register',
        source: 'custom',
      }),
    ).toEqual({});
    expect(controlsSearch({ q: '   ', domain: 'protection', view: 'heat-map' })).toEqual({
      domain: 'protection',
    });
  });

  it('reads search words the router parsed as numbers or booleans as the text typed', () => {
    expect(controlsSearch({ q: 2022 })).toEqual({ q: '2022' });
    expect(controlsSearch({ q: true })).toEqual({ q: 'true' });
  });
});

describe('controls search helpers', () => {
  it('tells filters from the tab, and clears the filters but keeps the tab', () => {
    expect(hasControlFilters({ view: 'csf' })).toBe(false);
    expect(hasControlFilters({ concept: 'detect' })).toBe(true);
    expect(withoutControlFilters({ q: 'vpn', theme: 'people', view: 'csf' })).toEqual({ view: 'csf' });
    expect(withoutControlFilters({ q: 'vpn' })).toEqual({});
  });

  it('writes only the filters as API parameters', () => {
    const params = controlsQueryParams({ controlType: 'detective', riskId: RISK, view: 'csf' });
    expect(Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined))).toEqual({
      controlType: 'detective',
      riskId: RISK,
    });
    expect('view' in params).toBe(false);
  });
});
