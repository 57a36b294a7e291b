import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TControlSummary, TEvidence, TPerson } from '@vigil/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { ADA, GRACE } from '../risks/risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function control(
  overrides: Partial<TControlSummary> & Pick<TControlSummary, 'id' | 'key' | 'title'>,
): TControlSummary {
  return {
    source: 'annex_a',
    description: '',
    theme: 'organisational',
    attributes: { controlTypes: [], properties: [], concepts: [], capabilities: [], domains: [] },
    newIn2022: false,
    applicability: 'applicable',
    inclusionReasons: [],
    inclusionNote: null,
    exclusionJustification: null,
    implementationStatus: 'implemented',
    inheritedFrom: null,
    implementationDescription: '',
    owner: null,
    targetDate: null,
    risks: [],
    health: {
      status: 'unchecked',
      result: null,
      lastCheckedOn: null,
      activeChecks: 0,
      overdueChecks: 0,
      openFollowUps: 0,
      evidence: 0,
      staleEvidence: 0,
    },
    createdAt: '2026-06-01T09:00:00.000Z',
    updatedAt: '2026-06-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const POLICIES = control({
  id: '01936f4e-0000-7000-8000-000000000d01',
  key: 'A.5.1',
  title: 'Policies for information security',
  owner: GRACE,
});
const LOGGING = control({
  id: '01936f4e-0000-7000-8000-000000000d02',
  key: 'A.8.15',
  title: 'Logging',
  theme: 'technological',
  owner: ADA,
});

const SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

const PEN_TEST: TEvidence = {
  id: '01936f4e-0000-7000-8000-000000000f02',
  key: 'EV-2',
  kind: 'file',
  title: 'Penetration test report 2026',
  description: 'External test of the citizen portal',
  url: null,
  file: { name: 'pentest-2026.pdf', type: 'pdf', mediaType: 'application/pdf', size: 3_400_000, sha256: SHA },
  collectedOn: '2026-10-12',
  validUntil: null,
  stale: false,
  uploadedBy: ADA,
  controls: [{ id: POLICIES.id, key: 'A.5.1', title: POLICIES.title }],
  archivedAt: null,
  createdAt: '2026-10-12T09:00:00.000Z',
  updatedAt: '2026-10-12T09:00:00.000Z',
  version: 2,
};

const DASHBOARD: TEvidence = {
  ...PEN_TEST,
  id: '01936f4e-0000-7000-8000-000000000f01',
  key: 'EV-1',
  kind: 'link',
  title: 'Log retention dashboard',
  description: '',
  url: 'https://grafana.example.org/d/retention',
  file: null,
  collectedOn: '2025-12-01',
  validUntil: '2026-01-31',
  stale: true,
  uploadedBy: GRACE,
  controls: [
    { id: POLICIES.id, key: 'A.5.1', title: POLICIES.title },
    { id: LOGGING.id, key: 'A.8.15', title: LOGGING.title },
  ],
  version: 3,
};

function routes(role = me('security_officer'), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(role),
    'GET /api/v1/controls': { status: 200, body: { items: [POLICIES, LOGGING] } },
    'GET /api/v1/evidence': { status: 200, body: { items: [PEN_TEST, DASHBOARD], nextCursor: null } },
    ...extra,
  };
}

async function openLibrary(role = me('security_officer'), extra: Record<string, Route> = {}) {
  server = await startApiServer(routes(role, extra));
  renderApp({ path: '/evidence', apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: 'Evidence' });
  return screen.findByRole('table', { name: 'Evidence' });
}

function rowOf(table: HTMLElement, key: string): HTMLElement {
  const row = within(table).getByText(key).closest('tr');
  if (!row) throw new Error(`no row ${key}`);
  return row;
}

/** The query of the last evidence list request. */
function lastListQuery(): Record<string, string> {
  const last = server?.requests
    .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/evidence'))
    .at(-1);
  return Object.fromEntries(new URLSearchParams(last?.url.split('?')[1] ?? ''));
}

async function choose(label: string, option: string) {
  fireEvent.click(screen.getByRole('combobox', { name: label }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('Evidence library', () => {
  it('lists evidence with validity in words, the digest and the file or link, and filters it', async () => {
    const table = await openLibrary();

    const penTest = rowOf(table, 'EV-2');
    expect(within(penTest).getByText('Penetration test report 2026')).toBeTruthy();
    expect(within(penTest).getByText('File')).toBeTruthy();
    expect(within(penTest).getByText('1 control')).toBeTruthy();
    expect(within(penTest).getByRole('link', { name: 'A.5.1' }).getAttribute('href')).toBe(
      `/controls/${POLICIES.id}`,
    );
    expect(within(penTest).getByText('Does not expire')).toBeTruthy();
    expect(within(penTest).getByText('Valid')).toBeTruthy();
    expect(within(penTest).getByText('Ada Lovelace')).toBeTruthy();
    const digest = within(penTest).getByText(`${SHA.slice(0, 12)}…`);
    expect(digest.getAttribute('title')).toBe(`SHA-256 ${SHA}`);
    const download = within(penTest).getByRole('link', { name: 'Download pentest-2026.pdf (3.4 MB)' });
    expect(download.getAttribute('href')).toBe(`/api/v1/evidence/${PEN_TEST.id}/file`);
    expect(download.hasAttribute('download')).toBe(true);

    const dashboard = rowOf(table, 'EV-1');
    expect(within(dashboard).getByText('Stale')).toBeTruthy();
    expect(within(dashboard).getByText('2 controls')).toBeTruthy();
    expect(within(dashboard).getByText('Jan 31, 2026')).toBeTruthy();
    const open = within(dashboard).getByRole('link', { name: 'Open the link of EV-1 in a new tab' });
    expect(open.getAttribute('href')).toBe(DASHBOARD.url);
    expect(open.getAttribute('rel')).toBe('noopener noreferrer');

    expect(lastListQuery()).toEqual({ limit: '50' });
    await choose('Kind', 'Link');
    await waitFor(() => expect(lastListQuery()).toEqual({ kind: 'link', limit: '50' }));
    await choose('Validity', 'Stale only');
    await choose('Control', 'A.8.15 · Logging');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show archived evidence' }));
    type(screen.getByRole('searchbox', { name: /^Search/ }), 'retention');
    await waitFor(() =>
      expect(lastListQuery()).toEqual({
        q: 'retention',
        kind: 'link',
        stale: 'true',
        controlId: LOGGING.id,
        includeArchived: 'true',
        limit: '50',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(lastListQuery()).toEqual({ limit: '50' }));
  });

  it('uploads a file as multipart form data and says clearly when its type is refused', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await openLibrary(me('security_officer'), {
      'POST /api/v1/evidence/files': problem(415, 'unsupported_media_type', 'Unsupported content type', {
        detail: 'This type of file is not accepted: upload a PDF, image, office document or text file',
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Upload file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upload a file as evidence' });
    expect(within(dialog).getByText(/At most 25 MB/)).toBeTruthy();
    const input = dialog.querySelector('input[type="file"]');
    if (!input) throw new Error('no file input');
    const accept = (input.getAttribute('accept') ?? '').split(',');
    expect(accept).toEqual(
      expect.arrayContaining(['.pdf', '.png', '.jpg', '.docx', '.xlsx', '.txt', '.csv', '.md']),
    );
    expect(accept).not.toContain('.html');

    // Nothing chosen: the file is required and nothing is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Upload' }));
    await within(dialog).findByText('Choose the file to upload');
    expect(server?.changes()).toEqual([]);

    fireEvent.change(input, {
      target: {
        files: [new File(['<script>alert(1)</script>'], 'access-review.html', { type: 'text/html' })],
      },
    });
    expect(within(dialog).getByLabelText(/^Title/)).toHaveProperty('value', 'access-review');
    type(within(dialog).getByLabelText(/^Valid until/), '2027-03-31');
    await choose('Controls it supports', 'A.8.15 · Logging');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Upload' }));

    await within(dialog).findByText('This file type is not allowed');
    expect(
      within(dialog).getByText(
        'This type of file is not accepted: upload a PDF, image, office document or text file',
      ),
    ).toBeTruthy();
    expect(server?.changes()).toEqual(['POST /api/v1/evidence/files']);
    // What the browser sends as multipart/form-data (jsdom's FormData cannot reach Node's fetch intact).
    const sent = fetchSpy.mock.calls.find(([url]) => String(url).endsWith('/api/v1/evidence/files'));
    const form = sent?.[1]?.body;
    if (!(form instanceof FormData)) throw new Error('the upload was not sent as FormData');
    expect([...form.keys()]).toEqual(['title', 'collectedOn', 'validUntil', 'controlIds', 'file']);
    expect(form.get('title')).toBe('access-review');
    expect(form.get('collectedOn')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(form.get('validUntil')).toBe('2027-03-31');
    expect(form.getAll('controlIds')).toEqual([LOGGING.id]);
    expect((form.get('file') as File).name).toBe('access-review.html');
  });

  it('adds a link as JSON', async () => {
    await openLibrary(me('security_officer'), {
      'POST /api/v1/evidence': (request) => ({
        status: 201,
        body: {
          ...DASHBOARD,
          id: '01936f4e-0000-7000-8000-000000000f03',
          key: 'EV-3',
          ...(request.body as object),
        },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add link' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a link as evidence' });
    type(within(dialog).getByLabelText(/^Title/), 'Backup restore test ticket');
    type(within(dialog).getByLabelText(/^Link/), 'ftp://tickets.example.org/OPS-12');
    type(within(dialog).getByLabelText(/^Collected on/), '2026-11-02');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the evidence' }));
    await within(dialog).findByText('Give an http or https link');
    expect(server?.changes()).toEqual([]);

    type(within(dialog).getByLabelText(/^Link/), 'https://tickets.example.org/OPS-12');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the evidence' }));
    await screen.findByText('EV-3 Backup restore test ticket was added');
    expect(server?.requests.find((r) => r.method === 'POST')?.body).toEqual({
      title: 'Backup restore test ticket',
      collectedOn: '2026-11-02',
      url: 'https://tickets.example.org/OPS-12',
    });
  });

  it('archives an item only after confirmation, with its version', async () => {
    const table = await openLibrary(me('security_officer'), {
      [`POST /api/v1/evidence/${DASHBOARD.id}/archive`]: {
        status: 200,
        body: { ...DASHBOARD, archivedAt: '2026-11-02T09:00:00.000Z', version: 4 },
      },
    });
    fireEvent.click(within(rowOf(table, 'EV-1')).getByRole('button', { name: 'Actions for EV-1' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive EV-1 Log retention dashboard?' });
    expect(within(dialog).getByText(/Its file stays downloadable/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server?.changes()).toEqual([]);

    fireEvent.click(within(rowOf(table, 'EV-1')).getByRole('button', { name: 'Actions for EV-1' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const again = await screen.findByRole('dialog', { name: 'Archive EV-1 Log retention dashboard?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Archive' }));
    await screen.findByText('EV-1 Log retention dashboard was archived');
    expect(server?.changes()).toEqual([`POST /api/v1/evidence/${DASHBOARD.id}/archive`]);
    expect(server?.requests.find((r) => r.method === 'POST')?.body).toEqual({ version: 3 });
  });

  it('links an item to controls with the complete set and its version', async () => {
    const table = await openLibrary(me('security_officer'), {
      [`PUT /api/v1/evidence/${PEN_TEST.id}/controls`]: { status: 200, body: { ...PEN_TEST, version: 3 } },
    });
    fireEvent.click(within(rowOf(table, 'EV-2')).getByRole('button', { name: 'Actions for EV-2' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Link to controls' }));
    const dialog = await screen.findByRole('dialog', { name: 'Controls supported by EV-2' });
    await choose('Controls it supports', 'A.8.15 · Logging');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('The controls of EV-2 were saved');
    expect(server?.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      version: 2,
      controlIds: [POLICIES.id, LOGGING.id],
    });
  });

  it('lets a contributor change only their own items and their own controls', async () => {
    const grace: TPerson = {
      id: GRACE.id,
      userId: me().user.id,
      name: GRACE.name,
      email: me().user.email,
      role: 'contributor',
      status: 'active',
      department: null,
      jobTitle: null,
      seniority: null,
      accessLevel: null,
      manager: null,
      expiresAt: null,
      mfaEnabled: false,
      createdAt: '2026-10-01T08:00:00.000Z',
      updatedAt: '2026-10-01T08:00:00.000Z',
      version: 1,
    };
    const table = await openLibrary(me('contributor'), {
      'GET /api/v1/people': { status: 200, body: { items: [grace], nextCursor: null } },
      [`PUT /api/v1/evidence/${DASHBOARD.id}/controls`]: { status: 200, body: DASHBOARD },
    });
    // Ada's report: Grace may link it to her controls, but not edit or archive it.
    fireEvent.click(within(rowOf(table, 'EV-2')).getByRole('button', { name: 'Actions for EV-2' }));
    await screen.findByRole('menuitem', { name: 'Link to controls' });
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Archive' })).toBeNull();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });

    // Her own item: every action; Ada's control stays linked when she saves.
    fireEvent.click(within(rowOf(table, 'EV-1')).getByRole('button', { name: 'Actions for EV-1' }));
    await screen.findByRole('menuitem', { name: 'Edit' });
    expect(screen.getByRole('menuitem', { name: 'Archive' })).toBeTruthy();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Link to controls' }));
    const dialog = await screen.findByRole('dialog', { name: 'Controls supported by EV-1' });
    await within(dialog).findByText('Also linked to controls you do not own, which stay linked: A.8.15');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(server?.requests.find((r) => r.method === 'PUT')?.body).toEqual({
        version: 3,
        controlIds: [LOGGING.id, POLICIES.id],
      }),
    );
  });
});
