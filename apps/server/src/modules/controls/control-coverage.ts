import type {
  TControlApplicability,
  TCoverageStatus,
  TCsfCoverage,
  TCsfCoverageItem,
  TImplementationStatus,
} from '@vigil/contracts';
import type { CsfSubcategory } from '../../catalogue/annex-a.ts';

/** A control as coverage sees it: where it is in the Statement of Applicability. */
export interface CoverageControl {
  controlId: string;
  key: string;
  title: string;
  applicability: TControlApplicability;
  implementationStatus: TImplementationStatus;
}

const IN_PLACE: readonly TImplementationStatus[] = ['implemented', 'inherited'];

/**
 * How far mapped controls cover a subcategory. Excluded (not applicable) controls leave the count;
 * of the others, an undecided control counts as a gap. `covered`: every remaining control is applicable
 * and implemented (or inherited); `partial`: some are implemented or partially implemented;
 * `not_covered`: none is, or every mapped control is excluded.
 */
export function coverageStatus(mapped: readonly CoverageControl[]): TCoverageStatus {
  const relevant = mapped.filter((c) => c.applicability !== 'not_applicable');
  const inPlace = relevant.filter(
    (c) => c.applicability === 'applicable' && IN_PLACE.includes(c.implementationStatus),
  );
  if (relevant.length > 0 && inPlace.length === relevant.length) return 'covered';
  const started = relevant.some(
    (c) => c.applicability === 'applicable' && c.implementationStatus === 'partially_implemented',
  );
  return inPlace.length > 0 || started ? 'partial' : 'not_covered';
}

/**
 * Coverage of every CSF subcategory by the organisation's Annex A controls (`byRef`: by Annex A ref).
 * A subcategory no Annex A control maps to is `not_mapped`.
 */
export function csfCoverage(
  subcategories: readonly CsfSubcategory[],
  byRef: ReadonlyMap<string, CoverageControl>,
): TCsfCoverage {
  const summary = { covered: 0, partial: 0, not_covered: 0, not_mapped: 0 };
  const items = subcategories.map((subcategory): TCsfCoverageItem => {
    const controls = subcategory.controls.flatMap((ref) => {
      const control = byRef.get(ref);
      return control ? [control] : [];
    });
    const status = subcategory.controls.length === 0 ? 'not_mapped' : coverageStatus(controls);
    summary[status] += 1;
    return {
      id: subcategory.id,
      function: subcategory.function,
      category: subcategory.category,
      label: subcategory.label,
      status,
      controls,
    };
  });
  return { summary, items };
}
