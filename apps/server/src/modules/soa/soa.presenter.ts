import {
  SOA_COMPARED_FIELDS,
  type TControlSummary,
  type TSoaComparedField,
  type TSoaComparison,
  type TSoaCurrentEntry,
  type TSoaEntry,
  type TSoaVersionSummary,
  ZRole,
  ZSoaEntry,
  ZSoaSummary,
  ZSoaWarning,
} from '@vigil/contracts';
import { soaHealthOf } from '../control-checks/control-health.ts';
import type { VersionRow } from './soa.repo.ts';

/**
 * A control as the SoA shows it. `health` is how the control fared when last checked (from its control
 * health: see `soaHealthOf`); null until one of its active checks has run.
 */
export function entryOf(control: TControlSummary): TSoaEntry {
  return {
    controlId: control.id,
    key: control.key,
    source: control.source,
    title: control.title,
    theme: control.theme,
    description: control.description,
    applicability: control.applicability,
    inclusionReasons: control.inclusionReasons,
    inclusionNote: control.inclusionNote,
    exclusionJustification: control.exclusionJustification,
    implementationStatus: control.implementationStatus,
    inheritedFrom: control.inheritedFrom,
    implementationDescription: control.implementationDescription,
    owner: control.owner,
    targetDate: control.targetDate,
    risks: control.risks,
    health: soaHealthOf(control.health),
  };
}

export function currentEntryOf(control: TControlSummary): TSoaCurrentEntry {
  return { ...entryOf(control), controlVersion: control.version };
}

/** The frozen rows of a version, as stored (already in order). */
export function presentItems(items: readonly { entry: unknown }[]): TSoaEntry[] {
  return items.map((item) => ZSoaEntry.parse(item.entry));
}

export function presentVersionSummary(row: VersionRow): TSoaVersionSummary {
  return {
    id: row.id,
    number: row.number,
    approvedBy: { id: row.approved_by, name: row.approver_name, role: ZRole.parse(row.approver_role) },
    approvedAt: row.approved_at,
    approvalNote: row.approval_note,
    summary: ZSoaSummary.parse(row.summary),
    acknowledgedWarnings: ZSoaWarning.array().parse(row.acknowledged_warnings),
  };
}

/** A field's value for comparison: risks by key, the owner by id, everything else as it is. */
function comparable(entry: TSoaEntry, field: TSoaComparedField): string {
  if (field === 'risks') return entry.risks.map((r) => r.key).join(',');
  if (field === 'owner') return entry.owner?.id ?? '';
  return JSON.stringify(entry[field]);
}

/** What changed from one version to another: controls added or gone, and controls whose fields changed. */
export function compareVersions(
  from: { summary: TSoaVersionSummary; items: TSoaEntry[] },
  to: { summary: TSoaVersionSummary; items: TSoaEntry[] },
): TSoaComparison {
  const before = new Map(from.items.map((e) => [e.controlId, e]));
  const after = new Set(to.items.map((e) => e.controlId));
  const changed: TSoaComparison['changed'] = [];
  let unchanged = 0;
  for (const now of to.items) {
    const then = before.get(now.controlId);
    if (!then) continue;
    const fields = SOA_COMPARED_FIELDS.filter((f) => comparable(then, f) !== comparable(now, f));
    if (fields.length === 0) unchanged += 1;
    else changed.push({ controlId: now.controlId, key: now.key, fields, from: then, to: now });
  }
  return {
    from: from.summary,
    to: to.summary,
    added: to.items.filter((e) => !before.has(e.controlId)),
    removed: from.items.filter((e) => !after.has(e.controlId)),
    changed,
    unchanged,
  };
}
