import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: SQLite in ./data, loopback, port 3000', () => {
    const result = parseConfig({}, '/srv/vigil');
    expect(result).toEqual({
      ok: true,
      config: {
        databaseUrl: 'sqlite:/srv/vigil/data/vigil.db',
        host: '127.0.0.1',
        port: 3000,
        publicUrl: 'http://127.0.0.1:3000',
        dataDir: '/srv/vigil/data',
        logLevel: 'info',
        secretKey: null,
        auditSigningKey: null,
        bodyLimit: 1048576,
        evidenceMaxBytes: 26214400,
        smtpUrl: null,
        mailFrom: 'Vigil <vigil@localhost>',
      },
    });
  });

  it('reads every variable', () => {
    const result = parseConfig(
      {
        VIGIL_DATABASE_URL: 'postgres://vigil@db:5432/vigil',
        VIGIL_HOST: '0.0.0.0',
        VIGIL_PORT: '8080',
        VIGIL_PUBLIC_URL: 'https://isms.example.org/',
        VIGIL_DATA_DIR: '/var/lib/vigil',
        VIGIL_LOG_LEVEL: 'warn',
        VIGIL_SECRET_KEY: 'k3J9x2PqL8vN4mR7tY1wZ5aB0cD6eF2g',
        VIGIL_BODY_LIMIT: '2048',
        VIGIL_EVIDENCE_MAX_BYTES: '5242880',
      },
      '/',
    );
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config).toMatchObject({
      databaseUrl: 'postgres://vigil@db:5432/vigil',
      host: '0.0.0.0',
      port: 8080,
      publicUrl: 'https://isms.example.org',
      dataDir: '/var/lib/vigil',
      logLevel: 'warn',
      bodyLimit: 2048,
      evidenceMaxBytes: 5242880,
    });
  });

  it('reports every problem at once, one line each', () => {
    const result = parseConfig({
      VIGIL_DATABASE_URL: 'mysql://x',
      VIGIL_PORT: '70000',
      VIGIL_LOG_LEVEL: 'loud',
      VIGIL_PUBLIC_URL: 'ftp://x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(4);
    expect(result.errors.join('\n')).toMatch(/VIGIL_DATABASE_URL.*sqlite: or postgres/);
    expect(result.errors.join('\n')).toMatch(/VIGIL_PORT/);
    expect(result.errors.join('\n')).toMatch(/VIGIL_LOG_LEVEL/);
    expect(result.errors.join('\n')).toMatch(/VIGIL_PUBLIC_URL/);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['changeme', /example value/],
    ['your-secret-here-please-change-it-now', /example value/],
    ['example-secret-0123456789abcdef0123456789', /example value/],
    ['short-but-real-7f3a', /at least 32/],
  ])('refuses the secret %j with a message that says what to set', (value, message) => {
    const result = parseConfig({ VIGIL_SECRET_KEY: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
  });

  it('refuses plain HTTP on a public host unless the operator opts in', () => {
    const refused = parseConfig({ VIGIL_HOST: '0.0.0.0' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]).toMatch(/plain http on 0\.0\.0\.0.*VIGIL_ALLOW_INSECURE_HTTP/);
    expect(parseConfig({ VIGIL_PUBLIC_URL: 'http://isms.example.org' }).ok).toBe(false);
    expect(
      parseConfig({ VIGIL_PUBLIC_URL: 'http://isms.example.org', VIGIL_ALLOW_INSECURE_HTTP: 'true' }).ok,
    ).toBe(true);
    expect(parseConfig({ VIGIL_PUBLIC_URL: 'https://isms.example.org' }).ok).toBe(true);
    expect(parseConfig({ VIGIL_PUBLIC_URL: 'http://localhost:3000' }).ok).toBe(true);
  });

  it.each([
    ['25MB', /VIGIL_EVIDENCE_MAX_BYTES must be a number of bytes/],
    ['1023', /VIGIL_EVIDENCE_MAX_BYTES must be between 1024 and 104857600/],
    ['104857601', /VIGIL_EVIDENCE_MAX_BYTES must be between 1024 and 104857600/],
  ])('refuses the evidence size limit %j', (value, message) => {
    const result = parseConfig({ VIGIL_EVIDENCE_MAX_BYTES: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.stringMatching(message)]);
    const edge = parseConfig({ VIGIL_EVIDENCE_MAX_BYTES: '104857600' });
    expect(edge.ok && edge.config.evidenceMaxBytes).toBe(104857600);
  });

  it('refuses an audit signing key that is not a PEM private key', () => {
    const result = parseConfig({ VIGIL_AUDIT_SIGNING_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(result.ok).toBe(false);
  });
});
