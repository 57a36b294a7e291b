import { z } from 'zod';
import { ZId, ZTimestamp } from './common.ts';
import { ZRole } from './permissions.ts';

/**
 * The risk methodology (ISO/IEC 27001 6.1.2 a-b): how likelihood and impact are rated, which level each
 * combination gives, who may accept which level, and how often each level is reviewed. Versioned: every
 * rating records the version it used.
 */

export const ZScalePoint = z.object({
  value: z.number().int().min(1).max(7),
  label: z.string().trim().min(1, 'Required').max(60),
  description: z.string().trim().max(1000),
});
export type TScalePoint = z.infer<typeof ZScalePoint>;

/** Who may accept a residual risk of a level: roles, or the risk's own owner. */
export const ZAcceptor = z.union([ZRole, z.literal('risk_owner')]);
export type TAcceptor = z.infer<typeof ZAcceptor>;

export const ZRiskLevel = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, 'Use lowercase letters, digits and _ (e.g. high)'),
  label: z.string().trim().min(1, 'Required').max(40),
  /** #rrggbb, shown next to the label (never instead of it). */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #c92a2a'),
  reviewIntervalMonths: z.number().int().min(1).max(36),
  /** Who may accept a residual risk at this level; empty when it may not be accepted at all. */
  acceptableBy: z.array(ZAcceptor).max(10),
});
export type TRiskLevel = z.infer<typeof ZRiskLevel>;

const scale = (name: string) =>
  z
    .array(ZScalePoint)
    .min(3, `The ${name} scale needs at least 3 points`)
    .max(7, `The ${name} scale has at most 7 points`)
    .superRefine((points, ctx) => {
      points.forEach((p, i) => {
        if (p.value !== i + 1)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'value'],
            message: `Points are numbered 1 to ${points.length} in order`,
          });
      });
    });

export const ZMethodologyInput = z
  .object({
    likelihood: scale('likelihood'),
    impact: scale('impact'),
    /** What impact is judged on, e.g. harm to citizens, legal, financial, reputational, service. */
    impactDimensions: z.array(z.string().trim().min(1).max(60)).max(8),
    /** Lowest first. */
    levels: z.array(ZRiskLevel).min(1, 'Define at least one level').max(5, 'At most 5 levels'),
    /** matrix[likelihood - 1][impact - 1] = level key. */
    matrix: z.array(z.array(z.string().max(30)).max(7)).max(7),
  })
  .superRefine((m, ctx) => {
    const keys = m.levels.map((l) => l.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'Level keys must be unique' });
    if (m.matrix.length !== m.likelihood.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['matrix'],
        message: 'The matrix needs one row per likelihood point',
      });
      return;
    }
    const rank = new Map(keys.map((k, i) => [k, i]));
    m.matrix.forEach((row, li) => {
      if (row.length !== m.impact.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['matrix', li],
          message: 'Each row needs one cell per impact point',
        });
        return;
      }
      row.forEach((cell, ii) => {
        if (!rank.has(cell))
          ctx.addIssue({ code: 'custom', path: ['matrix', li, ii], message: `Unknown level "${cell}"` });
        // consistent results (6.1.2 b): a more likely or more harmful risk is never rated lower
        const left = ii > 0 ? rank.get(row[ii - 1] ?? '') : undefined;
        const below = li > 0 ? rank.get(m.matrix[li - 1]?.[ii] ?? '') : undefined;
        const here = rank.get(cell);
        if (
          here !== undefined &&
          ((left !== undefined && here < left) || (below !== undefined && here < below))
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['matrix', li, ii],
            message: 'A higher likelihood or impact must never give a lower level',
          });
        }
      });
    });
  });
export type TMethodologyInput = z.infer<typeof ZMethodologyInput>;

export const ZMethodology = z.object({
  id: ZId,
  version: z.number().int().min(1),
  current: z.boolean(),
  createdAt: ZTimestamp,
  createdBy: z.object({ id: ZId, name: z.string() }).nullable(),
  ...ZMethodologyInput.shape,
});
export type TMethodology = z.infer<typeof ZMethodology>;

/** The default: 5x5, Low / Medium / High, ready to use. */
export const DEFAULT_METHODOLOGY: TMethodologyInput = {
  likelihood: [
    { value: 1, label: 'Rare', description: 'Not expected in the next five years' },
    { value: 2, label: 'Unlikely', description: 'Could happen once in the next five years' },
    { value: 3, label: 'Possible', description: 'Could happen once in the next two years' },
    { value: 4, label: 'Likely', description: 'Expected within the next year' },
    { value: 5, label: 'Almost certain', description: 'Expected several times a year' },
  ],
  impact: [
    { value: 1, label: 'Negligible', description: 'No harm to people; no noticeable cost or disruption' },
    { value: 2, label: 'Minor', description: 'Short disruption; a few records of low sensitivity exposed' },
    {
      value: 3,
      label: 'Moderate',
      description: 'A consultation disrupted for a day; personal data of some citizens exposed',
    },
    { value: 4, label: 'Major', description: 'Many citizens harmed; regulator notified; a contract at risk' },
    {
      value: 5,
      label: 'Severe',
      description: 'Widespread harm to citizens; loss of public trust; legal action',
    },
  ],
  impactDimensions: ['Harm to citizens', 'Legal and regulatory', 'Financial', 'Reputational', 'Service'],
  levels: [
    {
      key: 'low',
      label: 'Low',
      colour: '#2b8a3e',
      reviewIntervalMonths: 12,
      acceptableBy: ['risk_owner', 'security_officer', 'top_management'],
    },
    {
      key: 'medium',
      label: 'Medium',
      colour: '#e67700',
      reviewIntervalMonths: 6,
      acceptableBy: ['security_officer', 'top_management'],
    },
    {
      key: 'high',
      label: 'High',
      colour: '#c92a2a',
      reviewIntervalMonths: 3,
      acceptableBy: ['top_management'],
    },
  ],
  // by likelihood x impact: 1-4 low, 5-12 medium, 15-25 high
  matrix: [1, 2, 3, 4, 5].map((l) =>
    [1, 2, 3, 4, 5].map((i) => (l * i >= 15 ? 'high' : l * i >= 5 ? 'medium' : 'low')),
  ),
};
