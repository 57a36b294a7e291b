import { describe, expect, it } from 'vitest';
import type { CsfSubcategory } from '../../catalogue/annex-a.ts';
import { type CoverageControl, coverageStatus, csfCoverage } from './control-coverage.ts';

const control = (
  ref: string,
  applicability: CoverageControl['applicability'],
  implementationStatus: CoverageControl['implementationStatus'],
): CoverageControl => ({
  controlId: `00000000-0000-7000-8000-00000000${ref.replace('.', '').padStart(4, '0')}`,
  key: `A.${ref}`,
  title: `Control ${ref}`,
  applicability,
  implementationStatus,
});

describe('CSF coverage', () => {
  it('is covered only when every mapped control that is not excluded is in place', () => {
    expect(coverageStatus([control('5.1', 'applicable', 'implemented')])).toBe('covered');
    expect(coverageStatus([control('5.1', 'applicable', 'inherited')])).toBe('covered');
    expect(
      coverageStatus([
        control('5.1', 'applicable', 'implemented'),
        control('5.2', 'not_applicable', 'not_started'),
      ]),
    ).toBe('covered');
    expect(
      coverageStatus([
        control('5.1', 'applicable', 'implemented'),
        control('5.2', 'undecided', 'not_started'),
      ]),
    ).toBe('partial');
    expect(
      coverageStatus([control('5.1', 'applicable', 'implemented'), control('5.2', 'applicable', 'planned')]),
    ).toBe('partial');
    expect(coverageStatus([control('5.1', 'applicable', 'partially_implemented')])).toBe('partial');
  });

  it('is not covered when nothing is in place, when only undecided controls say implemented, or when all are excluded', () => {
    expect(coverageStatus([control('5.1', 'applicable', 'planned')])).toBe('not_covered');
    expect(coverageStatus([control('5.1', 'undecided', 'implemented')])).toBe('not_covered');
    expect(coverageStatus([control('5.1', 'not_applicable', 'implemented')])).toBe('not_covered');
    expect(coverageStatus([])).toBe('not_covered');
  });

  it('lists every subcategory with its controls and counts each status once', () => {
    const subcategories: CsfSubcategory[] = [
      { id: 'GV.OC-01', function: 'GV', category: 'GV.OC', label: 'Mission', controls: [] },
      { id: 'PR.AA-01', function: 'PR', category: 'PR.AA', label: 'Identities', controls: ['5.16', '5.15'] },
      { id: 'PR.AA-02', function: 'PR', category: 'PR.AA', label: 'Proofing', controls: ['5.16'] },
      { id: 'DE.CM-01', function: 'DE', category: 'DE.CM', label: 'Networks', controls: ['8.16'] },
    ];
    const byRef = new Map(
      [
        control('5.15', 'applicable', 'implemented'),
        control('5.16', 'applicable', 'partially_implemented'),
        control('8.16', 'applicable', 'implemented'),
      ].map((c) => [c.key.slice(2), c]),
    );
    const coverage = csfCoverage(subcategories, byRef);
    expect(coverage.summary).toEqual({ covered: 1, partial: 2, not_covered: 0, not_mapped: 1 });
    expect(coverage.items.map((i) => [i.id, i.status])).toEqual([
      ['GV.OC-01', 'not_mapped'],
      ['PR.AA-01', 'partial'],
      ['PR.AA-02', 'partial'],
      ['DE.CM-01', 'covered'],
    ]);
    expect(coverage.items[1]?.controls.map((c) => c.key)).toEqual(['A.5.16', 'A.5.15']);
    expect(coverage.items[0]).toEqual({
      id: 'GV.OC-01',
      function: 'GV',
      category: 'GV.OC',
      label: 'Mission',
      status: 'not_mapped',
      controls: [],
    });
  });
});
