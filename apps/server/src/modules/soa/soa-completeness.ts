import type { TSoaEntry, TSoaSummary, TSoaWarning } from '@vigil/contracts';

/**
 * The completeness of a Statement of Applicability (ISO/IEC 27001 6.1.3 c-d): what an auditor would ask
 * about before anything else, found from the rows and the risks treated by mitigation. Pure, no I/O.
 */

/** An open risk (not closed) whose treatment is mitigation: some control must treat it. */
export interface MitigatedRisk {
  id: string;
  /** `RISK-12`. */
  key: string;
  /** For ordering: the number of the key. */
  keyNumber: number;
  title: string;
}

/** What each control lacks, in the row's order, then the mitigated risks without a control, by key. */
export function completenessWarnings(
  entries: readonly TSoaEntry[],
  mitigated: readonly MitigatedRisk[],
): TSoaWarning[] {
  const warnings: TSoaWarning[] = [];
  for (const entry of entries) {
    const subject = { type: 'control' as const, id: entry.controlId, key: entry.key };
    const warn = (kind: TSoaWarning['kind'], message: string) => warnings.push({ kind, subject, message });
    if (entry.applicability === 'undecided') {
      warn('undecided', `${entry.key} is undecided: decide whether the control applies and record why`);
      continue;
    }
    if (entry.applicability === 'not_applicable') {
      if (entry.exclusionJustification === null)
        warn(
          'exclusion_unjustified',
          `${entry.key} is excluded without a justification: say why the control does not apply`,
        );
      continue;
    }
    if (entry.inclusionReasons.length === 0)
      warn(
        'inclusion_unjustified',
        `${entry.key} applies but no reason is recorded: choose risk treatment, a legal, regulatory or contractual requirement, or a business need`,
      );
    else if (entry.inclusionReasons.includes('risk_treatment') && entry.risks.length === 0)
      warn(
        'risk_treatment_without_risks',
        `${entry.key} is included for risk treatment but treats no risk: link the risks it treats, or choose another reason`,
      );
    if (
      (entry.implementationStatus === 'not_started' || entry.implementationStatus === 'planned') &&
      entry.targetDate === null
    )
      warn(
        'implementation_unscheduled',
        `${entry.key} is ${entry.implementationStatus === 'planned' ? 'planned' : 'not started'} and has no target date: set when it will be implemented`,
      );
  }

  // a risk counts as treated when a control that is not excluded treats it
  const treated = new Set<string>();
  for (const entry of entries)
    if (entry.applicability !== 'not_applicable') for (const risk of entry.risks) treated.add(risk.id);
  for (const risk of [...mitigated].sort((a, b) => a.keyNumber - b.keyNumber)) {
    if (treated.has(risk.id)) continue;
    warnings.push({
      kind: 'risk_without_control',
      subject: { type: 'risk', id: risk.id, key: risk.key },
      message: `${risk.key} (${risk.title}) is treated by mitigation, but no applicable control treats it: link the controls that mitigate it`,
    });
  }
  return warnings;
}

/** The counts of the SoA; implementation counts are over the applicable controls only. */
export function soaSummary(entries: readonly TSoaEntry[], warningCount: number): TSoaSummary {
  const summary: TSoaSummary = {
    controls: entries.length,
    annexA: 0,
    custom: 0,
    applicable: 0,
    notApplicable: 0,
    undecided: 0,
    implementation: { not_started: 0, planned: 0, partially_implemented: 0, implemented: 0, inherited: 0 },
    warnings: warningCount,
  };
  for (const entry of entries) {
    if (entry.source === 'annex_a') summary.annexA += 1;
    else summary.custom += 1;
    if (entry.applicability === 'applicable') {
      summary.applicable += 1;
      summary.implementation[entry.implementationStatus] += 1;
    } else if (entry.applicability === 'not_applicable') summary.notApplicable += 1;
    else summary.undecided += 1;
  }
  return summary;
}
