import {
  type TLevelRef,
  type TMethodologyInput,
  type TRisk,
  type TRiskAcceptanceState,
  type TRiskControlLink,
  type TRiskRatingEntry,
  type TRiskSort,
  type TRiskSummary,
  type TSortDirection,
  ZRiskStatus,
  ZRiskTreatment,
} from '@vigil/contracts';
import { formatKey } from '../../db/keys.ts';
import { AppError } from '../../errors.ts';
import type { Methodologies } from '../risk-methodology/risk-methodology.service.ts';
import type { RatingRow, RiskAssetRow, RiskCursor, RiskRow } from './risks.repo.ts';

/** Shown for a level key the methodology version does not know (never expected: levels are computed). */
const UNKNOWN_LEVEL_COLOUR = '#868e96';

/** A level with the label and colour of the methodology version the rating was made with. */
export function levelRef(definition: TMethodologyInput | undefined, key: string): TLevelRef {
  const level = definition?.levels.find((l) => l.key === key);
  return level
    ? { key: level.key, label: level.label, colour: level.colour }
    : { key, label: key, colour: UNKNOWN_LEVEL_COLOUR };
}

function rating(
  definition: TMethodologyInput | undefined,
  likelihood: number | null,
  impact: number | null,
  level: string | null,
) {
  return likelihood === null || impact === null || level === null
    ? null
    : { likelihood, impact, level: levelRef(definition, level) };
}

/**
 * A risk as the register lists it; `today` (YYYY-MM-DD) decides whether its review is overdue; the
 * acceptance state comes from the acceptances module.
 */
export function presentRiskSummary(
  row: RiskRow,
  methodologies: Methodologies,
  today: string,
  acceptance: TRiskAcceptanceState,
): TRiskSummary {
  const definition = methodologies.of(row.methodology_version);
  const inherent = {
    likelihood: row.inherent_likelihood,
    impact: row.inherent_impact,
    level: levelRef(definition, row.inherent_level),
  };
  const residual = rating(definition, row.residual_likelihood, row.residual_impact, row.residual_level);
  const status = ZRiskStatus.parse(row.status);
  return {
    id: row.id,
    key: formatKey('risk', row.key_number),
    title: row.title,
    threat: row.threat,
    vulnerability: row.vulnerability,
    consequence: row.consequence,
    category: row.category,
    owner: { id: row.owner_id, name: row.owner_name },
    affects: {
      confidentiality: row.affects_confidentiality,
      integrity: row.affects_integrity,
      availability: row.affects_availability,
    },
    methodologyVersion: row.methodology_version,
    inherent,
    treatment: row.treatment === null ? null : ZRiskTreatment.parse(row.treatment),
    residual,
    level: residual?.level ?? inherent.level,
    status,
    nextReviewOn: row.next_review_on,
    reviewOverdue: status !== 'closed' && row.next_review_on < today,
    tags: row.tags,
    acceptance,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentRatingEntry(row: RatingRow, methodologies: Methodologies): TRiskRatingEntry {
  const definition = methodologies.of(row.methodology_version);
  return {
    id: row.id,
    methodologyVersion: row.methodology_version,
    inherent: {
      likelihood: row.inherent_likelihood,
      impact: row.inherent_impact,
      level: levelRef(definition, row.inherent_level),
    },
    residual: rating(definition, row.residual_likelihood, row.residual_impact, row.residual_level),
    reason: row.reason,
    ratedBy:
      row.rated_by !== null && row.rated_by_name !== null
        ? { id: row.rated_by, name: row.rated_by_name }
        : null,
    ratedAt: row.rated_at,
  };
}

export interface RiskDetailParts {
  row: RiskRow;
  assets: RiskAssetRow[];
  ratings: RatingRow[];
  controls: TRiskControlLink[];
  acceptance: TRiskAcceptanceState;
}

export function presentRisk(parts: RiskDetailParts, methodologies: Methodologies, today: string): TRisk {
  return {
    ...presentRiskSummary(parts.row, methodologies, today, parts.acceptance),
    assets: parts.assets.map((a) => ({
      id: a.id,
      key: formatKey('asset', a.key_number),
      name: a.name,
      archived: a.archived_at !== null,
    })),
    ratingHistory: parts.ratings.map((r) => presentRatingEntry(r, methodologies)),
    links: { controls: parts.controls },
  };
}

/**
 * The opaque `nextCursor` of a page of the register: the sort and direction it belongs to, and the sort
 * value and id of the page's last row (the next page starts after them, whatever was inserted since).
 */
export function encodeRiskCursor(
  sort: TRiskSort,
  direction: TSortDirection,
  row: { sort_value: string | number; id: string },
): string {
  return Buffer.from(JSON.stringify([sort, direction, row.sort_value, row.id]), 'utf8').toString('base64url');
}

const NUMERIC_SORTS: readonly TRiskSort[] = ['key', 'level'];

export function decodeRiskCursor(cursor: string, sort: TRiskSort, direction: TSortDirection): RiskCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 4 &&
      value[0] === sort &&
      value[1] === direction &&
      typeof value[2] === (NUMERIC_SORTS.includes(sort) ? 'number' : 'string') &&
      typeof value[3] === 'string'
    ) {
      return { value: value[2] as string | number, id: value[3] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
    fieldErrors: [
      { field: 'query.cursor', message: 'Use the nextCursor of the previous page, with the same sort' },
    ],
  });
}
