import {
  CSF_FUNCTIONS,
  type TControlAttributes,
  type TControlCrosswalk,
  type TControlTheme,
  type TCsfFunction,
  ZControlAttributes,
  ZControlTheme,
  ZCsfFunction,
} from '@vigil/contracts';
import { z } from 'zod';
import annexA from './annex-a-2022.json' with { type: 'json' };
import nist from './nist-crosswalk.json' with { type: 'json' };

/**
 * The reference data the control register is built on (provenance and licences in README.md): the 93
 * Annex A 2022 controls with their ISO/IEC 27002:2022 attribute tags (ids, titles and tags only, never
 * control text), and the NIST crosswalks to them. Parsed once when the module loads, so damaged data
 * stops the server at start-up instead of showing wrong controls.
 */

/** An Annex A id without the `A.` prefix: `5.1` to `8.34`. */
const ZAnnexRef = z.string().regex(/^[5-8]\.[1-9]\d?$/);

const ZCatalogueControl = z
  .object({
    ref: ZAnnexRef,
    title: z.string().min(1).max(200),
    theme: ZControlTheme,
    newIn2022: z.boolean(),
    ...ZControlAttributes.shape,
  })
  .transform(({ ref, title, theme, newIn2022, ...attributes }) => ({
    ref,
    title,
    theme,
    newIn2022,
    attributes,
  }));

export interface AnnexAControl {
  /** `5.1`; the control's key is `A.5.1`. */
  ref: string;
  title: string;
  theme: TControlTheme;
  newIn2022: boolean;
  attributes: TControlAttributes;
}

/** The 93 controls in Annex A order (which is natural key order). */
export const ANNEX_A: readonly AnnexAControl[] = z.array(ZCatalogueControl).parse(annexA.controls);

const ZCrosswalkFile = z.object({
  csf: z.record(
    z.string().regex(/^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/),
    z.object({ label: z.string().min(1).max(500), controls: z.array(ZAnnexRef) }),
  ),
  sp80053: z.record(
    z.string().regex(/^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/),
    z.object({ title: z.string().min(1).max(500), controls: z.array(ZAnnexRef) }),
  ),
});
const crosswalk = ZCrosswalkFile.parse(nist);

export interface CsfSubcategory {
  /** `PR.AA-01`. */
  id: string;
  function: TCsfFunction;
  /** `PR.AA`. */
  category: string;
  label: string;
  /** The Annex A refs mapped to it, in Annex A order; empty when only ISMS clauses map to it. */
  controls: readonly string[];
}

/** Every NIST CSF 2.0 subcategory, by function (GV, ID, PR, DE, RS, RC), then id. */
export const CSF_SUBCATEGORIES: readonly CsfSubcategory[] = Object.entries(crosswalk.csf)
  .map(([id, entry]) => ({
    id,
    function: ZCsfFunction.parse(id.slice(0, 2)),
    category: id.slice(0, id.indexOf('-')),
    label: entry.label,
    controls: entry.controls,
  }))
  .sort(
    (a, b) =>
      CSF_FUNCTIONS.indexOf(a.function) - CSF_FUNCTIONS.indexOf(b.function) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

/** The crosswalk of every Annex A control, from the NIST side's mappings turned around. */
const CROSSWALKS = new Map<string, TControlCrosswalk>(
  ANNEX_A.map((control) => [control.ref, { csf: [], sp80053: [] }]),
);
for (const subcategory of CSF_SUBCATEGORIES) {
  for (const ref of subcategory.controls)
    CROSSWALKS.get(ref)?.csf.push({ id: subcategory.id, label: subcategory.label });
}
for (const [id, entry] of Object.entries(crosswalk.sp80053)) {
  for (const ref of entry.controls) CROSSWALKS.get(ref)?.sp80053.push({ id, title: entry.title });
}

const NO_CROSSWALK: TControlCrosswalk = { csf: [], sp80053: [] };

/** The NIST CSF 2.0 subcategories and SP 800-53 Rev. 5 controls mapped to an Annex A control. */
export function crosswalkOf(ref: string | null): TControlCrosswalk {
  return (ref === null ? undefined : CROSSWALKS.get(ref)) ?? NO_CROSSWALK;
}

/** Natural order of an Annex A ref as a number: 5.2 = 5002 comes before 5.10 = 5010. */
export function annexSortOrder(ref: string): number {
  const [major = '0', minor = '0'] = ref.split('.');
  return Number(major) * 1000 + Number(minor);
}
