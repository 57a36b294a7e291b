import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, problem, startApiServer } from '../../../test/api-server.ts';
import { me, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SYSTEM = {
  '/api/health': { status: 200, body: { status: 'ok', version: '0.1.0' } },
  '/api/ready': {
    status: 200,
    body: { status: 'ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 0 } },
  },
};
const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-${String(i).padStart(4, '0')}`);

describe('MFA challenge', () => {
  it('refuses a malformed code before sending, then shows a wrong code next to the field', async () => {
    server = await startApiServer({
      'GET /api/v1/me': { status: 200, body: me('owner', { restriction: 'mfa_challenge', abilities: [] }) },
      'POST /api/v1/auth/mfa/verify': problem(422, 'validation_failed', 'The request is not valid', {
        errors: [{ field: 'body.code', message: 'This code is not valid or was already used' }],
      }),
    });
    renderApp({ path: '/mfa', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication' });
    const code = screen.getByLabelText(/^Authentication code/);

    type(code, '12ab');
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Enter the 6-digit code from your authenticator app')).toBeTruthy();
    expect(server.changes()).toEqual([]);

    type(code, '123 456');
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByText('This code is not valid or was already used');
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({ code: '123 456' });
  });

  it('takes a recovery code instead, and goes on to the page it was heading for', async () => {
    let passed = false;
    server = await startApiServer({
      'GET /api/v1/me': () => ({
        status: 200,
        body: passed ? me() : me('owner', { restriction: 'mfa_challenge', abilities: [] }),
      }),
      'GET /api/v1/setup': { status: 200, body: { required: false } },
      'POST /api/v1/auth/mfa/verify': () => {
        passed = true;
        return { status: 200, body: { restriction: null } };
      },
      ...SYSTEM,
    });
    const { router } = renderApp({ path: '/mfa?redirect=%2F', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication' });
    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    const recovery = screen.getByLabelText(/^Recovery code/);
    expect(document.activeElement).toBe(recovery);
    type(recovery, 'abcd-efgh-jkmn');
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(router.state.location.pathname).toBe('/');
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      recoveryCode: 'abcd-efgh-jkmn',
    });
  });
});

describe('MFA enrolment required by policy', () => {
  it('shows the QR code with alt text and the key, then the recovery codes once, and goes on only when saved', async () => {
    let enrolled = false;
    const confirm = gate();
    server = await startApiServer({
      'GET /api/v1/me': () => ({
        status: 200,
        body: enrolled ? me('employee') : me('employee', { restriction: 'mfa_enrolment', abilities: [] }),
      }),
      'GET /api/v1/setup': { status: 200, body: { required: false } },
      'POST /api/v1/me/mfa/totp': {
        status: 201,
        body: {
          otpauthUri: 'otpauth://totp/Vigil:ada%40acme.test?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Vigil',
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
          qrCode: 'data:image/png;base64,iVBORw0KGgo=',
        },
      },
      'POST /api/v1/me/mfa/totp/confirm': () => {
        enrolled = true;
        return { status: 200, body: { recoveryCodes: CODES, restriction: null }, until: confirm.promise };
      },
      ...SYSTEM,
    });
    const { router } = renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up two-factor authentication' });

    const qr = await screen.findByRole('img', { name: /QR code to add Vigil to your authenticator app/ });
    expect(qr.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP')).toBeTruthy();
    // Exactly one enrolment started (each start makes a new secret).
    expect(server.changes()).toEqual(['POST /api/v1/me/mfa/totp']);

    type(screen.getByLabelText(/^Authentication code/), '123456');
    const submit = screen.getByRole('button', { name: 'Turn on two-factor authentication' });
    fireEvent.click(submit);
    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(true));
    confirm.open();

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(Array.from(list.querySelectorAll('li')).map((li) => li.textContent)).toEqual(CODES);
    const go = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('I have saved these recovery codes'));
    expect(go.disabled).toBe(false);
    fireEvent.click(go);

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(router.state.location.pathname).toBe('/');
  });
});
