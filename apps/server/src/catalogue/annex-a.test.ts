import { describe, expect, it } from 'vitest';
import { ANNEX_A, annexSortOrder, CSF_SUBCATEGORIES, crosswalkOf } from './annex-a.ts';

const THEME_OF_CLAUSE = { '5': 'organisational', '6': 'people', '7': 'physical', '8': 'technological' };

describe('the Annex A 2022 catalogue', () => {
  it('has the 93 controls, 37 organisational, 8 people, 14 physical, 34 technological, numbered without gaps', () => {
    expect(ANNEX_A).toHaveLength(93);
    const counts: Record<string, number> = {};
    for (const c of ANNEX_A) counts[c.theme] = (counts[c.theme] ?? 0) + 1;
    expect(counts).toEqual({ organisational: 37, people: 8, physical: 14, technological: 34 });
    const expected = [
      ...Array.from({ length: 37 }, (_, i) => `5.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `6.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `7.${i + 1}`),
      ...Array.from({ length: 34 }, (_, i) => `8.${i + 1}`),
    ];
    expect(ANNEX_A.map((c) => c.ref)).toEqual(expected);
    for (const c of ANNEX_A)
      expect(c.theme, c.ref).toBe(THEME_OF_CLAUSE[c.ref.split('.')[0] as keyof typeof THEME_OF_CLAUSE]);
  });

  it('carries titles and attribute tags, and marks the 11 controls new in 2022', () => {
    expect(ANNEX_A.find((c) => c.ref === '8.25')?.title).toBe('Secure development life cycle');
    expect(ANNEX_A.find((c) => c.ref === '5.7')).toMatchObject({
      title: 'Threat intelligence',
      newIn2022: true,
      attributes: {
        controlTypes: ['preventive', 'detective', 'corrective'],
        concepts: ['identify', 'detect', 'respond'],
        capabilities: ['threat_and_vulnerability_management'],
      },
    });
    expect(ANNEX_A.filter((c) => c.newIn2022).map((c) => c.ref)).toEqual([
      '5.7',
      '5.23',
      '5.30',
      '7.4',
      '8.9',
      '8.10',
      '8.11',
      '8.12',
      '8.16',
      '8.23',
      '8.28',
    ]);
    for (const c of ANNEX_A) {
      expect(c.attributes.controlTypes.length, c.ref).toBeGreaterThan(0);
      expect(c.attributes.properties.length, c.ref).toBeGreaterThan(0);
    }
  });

  it('orders keys naturally: 5.2 before 5.10, each clause after the one before', () => {
    expect(annexSortOrder('5.2')).toBeLessThan(annexSortOrder('5.10'));
    expect(annexSortOrder('5.37')).toBeLessThan(annexSortOrder('6.1'));
    const orders = ANNEX_A.map((c) => annexSortOrder(c.ref));
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size).toBe(93);
  });

  it('maps every CSF 2.0 subcategory, by function, to Annex A controls that exist', () => {
    expect(CSF_SUBCATEGORIES).toHaveLength(106);
    expect(CSF_SUBCATEGORIES.map((s) => s.function)).toEqual(
      [...CSF_SUBCATEGORIES.map((s) => s.function)].sort(
        (a, b) =>
          ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'].indexOf(a) - ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'].indexOf(b),
      ),
    );
    expect(CSF_SUBCATEGORIES[0]).toMatchObject({
      id: 'GV.OC-01',
      function: 'GV',
      category: 'GV.OC',
      controls: [],
    });
    const refs = new Set(ANNEX_A.map((c) => c.ref));
    for (const s of CSF_SUBCATEGORIES)
      for (const ref of s.controls) expect(refs.has(ref), `${s.id} ${ref}`).toBe(true);
    expect(CSF_SUBCATEGORIES.filter((s) => s.controls.length === 0)).toHaveLength(9);
  });

  it('gives each Annex A control its crosswalk, turned around from the NIST side', () => {
    const access = crosswalkOf('5.15');
    expect(access.sp80053).toContainEqual({ id: 'AC-1', title: 'Policy and Procedures' });
    for (const { id } of access.csf)
      expect(CSF_SUBCATEGORIES.find((s) => s.id === id)?.controls, id).toContain('5.15');
    const total = ANNEX_A.reduce((n, c) => n + crosswalkOf(c.ref).csf.length, 0);
    expect(total).toBe(CSF_SUBCATEGORIES.reduce((n, s) => n + s.controls.length, 0));
    expect(crosswalkOf(null)).toEqual({ csf: [], sp80053: [] });
    expect(crosswalkOf('9.1')).toEqual({ csf: [], sp80053: [] });
  });
});
