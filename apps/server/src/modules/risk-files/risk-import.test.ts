import { RISK_IMPORT_COLUMNS, RISK_IMPORT_REQUIRED_COLUMNS } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import {
  COLUMN_HEADERS,
  IMPORT_FIELDS,
  type ImportContext,
  mapColumns,
  referencesOf,
  rowsCheckable,
  validateRows,
} from './risk-import.ts';
import type { ReadTable } from './sheet.ts';

const OWNER = '0190f1a2-0000-7000-8000-000000000001';
const PORTAL = '0190f1a2-0000-7000-8000-000000000002';
const DB = '0190f1a2-0000-7000-8000-000000000003';

const CONTEXT: ImportContext = {
  scales: { likelihood: 3, impact: 4 },
  owners: new Map([['carl@acme.example', OWNER]]),
  assets: new Map([
    [1, { id: PORTAL, archived: false }],
    [2, { id: DB, archived: false }],
    [3, { id: '0190f1a2-0000-7000-8000-000000000004', archived: true }],
  ]),
  existingRiskKeys: new Set([7]),
};

const BASE = ['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact'];

/** A table from a header and rows (row numbers as a spreadsheet counts them). */
const tableOf = (header: string[], ...rows: string[][]): ReadTable => ({
  header: { row: 1, cells: header },
  rows: rows.map((cells, i) => ({ row: i + 2, cells })),
});

/** Validates rows under BASE plus extra columns; returns problems as [row, column, problem]. */
function check(extra: string[], ...rows: string[][]) {
  const table = tableOf([...BASE, ...extra], ...rows);
  const { columns, problems: headerProblems } = mapColumns(table);
  const { problems, rows: valid } = validateRows(table, columns, CONTEXT);
  return {
    problems: [...headerProblems, ...problems].map((p) => [p.row, p.column, p.problem]),
    requests: valid.map((r) => r.request),
  };
}

describe('the header', () => {
  it('reads the columns the contract names, in its order, requiring the ones it marks', () => {
    expect(IMPORT_FIELDS.map((f) => COLUMN_HEADERS[f])).toEqual(RISK_IMPORT_COLUMNS);
    const { problems } = mapColumns(tableOf(['Threat'], ['x']));
    expect(problems.filter((p) => p.row === 0).map((p) => p.column)).toEqual(RISK_IMPORT_REQUIRED_COLUMNS);
  });

  it('matches names whatever their case and spacing, and ignores the columns an export computes', () => {
    const table = tableOf(
      [
        '  TITLE ',
        'owner   email',
        'Inherent Likelihood',
        'inherent impact',
        'Key',
        'Inherent level',
        'Acceptance',
      ],
      ['x', 'carl@acme.example', '1', '1', '', 'Low', 'none'],
    );
    const { columns, problems } = mapColumns(table);
    expect(problems).toEqual([]);
    expect(rowsCheckable(columns)).toBe(true);
    expect(columns.written.get('ownerEmail')).toBe('owner   email');
    expect(validateRows(table, columns, CONTEXT).rows).toHaveLength(1);
  });

  it('reports unknown and repeated columns on row 1, values without a header, missing required columns on row 0', () => {
    const table = tableOf(['Title', 'Notes', 'title', '', 'Inherent impact'], ['x', 'n', 'y', 'stray', '1']);
    const { columns, problems } = mapColumns(table);
    expect(problems.map((p) => [p.row, p.column, p.problem.split(':')[0]])).toEqual([
      [1, 'Notes', 'Unknown column'],
      [1, 'title', 'The column Title appears twice'],
      [1, null, 'Column D has values but no header'],
      [0, 'Owner email', 'The required column Owner email is missing'],
      [0, 'Inherent likelihood', 'The required column Inherent likelihood is missing'],
    ]);
    expect(rowsCheckable(columns)).toBe(false);
  });
});

describe('the rows', () => {
  it('builds the request of POST /api/v1/risks from the cells', () => {
    const { problems, requests } = check(
      [
        'Threat',
        'Category',
        'Assets',
        'Confidentiality',
        'Integrity',
        'Availability',
        'Treatment',
        'Residual likelihood',
        'Residual impact',
        'Status',
        'Tags',
      ],
      [
        "'=Formula title",
        'CARL@acme.example',
        '3',
        '4',
        ' Someone ',
        'People',
        'asset-2, ASSET-1; ASSET-2',
        'YES',
        'n',
        '1',
        'Mitigate',
        '1',
        '2',
        'In treatment',
        'a; b;; c',
      ],
      ['Plain', 'carl@acme.example', '1', '1', '', '', '', '', '', '', '', '', '', '', ''],
    );
    expect(problems).toEqual([]);
    expect(requests).toEqual([
      {
        title: '=Formula title',
        threat: 'Someone',
        category: 'People',
        assetIds: [DB, PORTAL],
        ownerId: OWNER,
        affects: { confidentiality: true, integrity: false, availability: true },
        inherent: { likelihood: 3, impact: 4 },
        treatment: 'mitigate',
        residual: { likelihood: 1, impact: 2 },
        status: 'in_treatment',
        tags: ['a', 'b', 'c'],
      },
      {
        title: 'Plain',
        category: null,
        assetIds: [],
        ownerId: OWNER,
        affects: { confidentiality: false, integrity: false, availability: false },
        inherent: { likelihood: 1, impact: 1 },
        treatment: null,
        residual: null,
        status: 'identified',
        tags: [],
      },
    ]);
  });

  it('checks ratings against the current scales: whole numbers, in range, residual both or neither', () => {
    const { problems } = check(
      ['Residual likelihood', 'Residual impact'],
      ['a', 'carl@acme.example', '4', '4', '', ''],
      ['b', 'carl@acme.example', '2.5', '0', '', '3'],
      ['c', 'carl@acme.example', '', '', '1', ''],
    );
    expect(problems).toEqual([
      [2, 'Inherent likelihood', "Rate the likelihood from 1 to 3, on the current methodology's scale"],
      [3, 'Inherent likelihood', "Rate the likelihood from 1 to 3, on the current methodology's scale"],
      [3, 'Inherent impact', "Rate the impact from 1 to 4, on the current methodology's scale"],
      [3, 'Residual likelihood', 'Give both the residual likelihood and impact, or neither'],
      [
        4,
        'Inherent likelihood',
        "Required: Rate the likelihood from 1 to 3, on the current methodology's scale",
      ],
      [4, 'Inherent impact', "Required: Rate the impact from 1 to 4, on the current methodology's scale"],
      [4, 'Residual impact', 'Give both the residual likelihood and impact, or neither'],
    ]);
  });

  it('names owners, assets, keys, words and lengths at fault, one problem per cell, in column order', () => {
    const { problems, requests } = check(
      ['Assets', 'Key', 'Treatment', 'Status', 'Tags', 'Integrity'],
      ['', '', '1', '1', 'ASSET-3; ASSET-9; nope', 'RISK-7', 'reduce', 'done', 'x'.repeat(41), 'perhaps'],
      [
        'x'.repeat(201),
        'someone@else.example',
        '1',
        '1',
        '',
        'risk-8',
        '',
        'Accepted',
        Array.from({ length: 21 }, (_, i) => `t${i}`).join(';'),
        '',
      ],
    );
    expect(requests).toEqual([]);
    expect(problems).toEqual([
      [2, 'Title', 'Required'],
      [2, 'Owner email', "Give the owner's email: an active member of this organisation"],
      [2, 'Assets', 'ASSET-3 is archived: restore it before linking it'],
      [
        2,
        'Key',
        'An import creates new risks; RISK-7 already exists: remove this row, or clear its Key to add it as a new risk',
      ],
      [2, 'Treatment', 'Choose mitigate, accept, avoid or transfer (or leave it empty)'],
      [
        2,
        'Status',
        'Choose identified, assessed, treatment planned or in treatment (or leave it empty for identified)',
      ],
      [2, 'Tags', 'Use at most 40 characters per tag'],
      [2, 'Integrity', 'Write yes or no (or leave it empty for no)'],
      [3, 'Title', expect.stringContaining('200')],
      [3, 'Owner email', 'No active member of this organisation has the email someone@else.example'],
      [3, 'Key', 'An import creates new risks and gives them their keys: clear the Key'],
      [
        3,
        'Status',
        'An import cannot set accepted or closed: the risk owner accepts a risk in Vigil, where it is also closed',
      ],
      [3, 'Tags', 'Use at most 20 tags'],
    ]);
  });

  it('collects the owners, asset keys and risk keys a file names, for looking them up at once', () => {
    const table = tableOf(
      [...BASE, 'Assets', 'Key'],
      ['a', 'Carl@Acme.example', '1', '1', 'ASSET-1; asset-12, x', 'RISK-3'],
      ['b', 'carl@acme.example', '1', '1', 'ASSET-1', ''],
    );
    expect(referencesOf(table, mapColumns(table).columns)).toEqual({
      emails: ['carl@acme.example'],
      assetKeys: [1, 12],
      riskKeys: [3],
    });
  });
});
