import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';
import * as repo from './mfa.repo.ts';

describeEachDialect('MFA repo: single use under concurrency (S6)', (dialect) => {
  let db: Kysely<DB>;
  let orgId: string;
  const now = '2026-11-02T10:00:00.000Z';

  beforeAll(async () => {
    db = (await freshDatabase(dialect)).db;
    orgId = await seedOrganisation(db, 'Acme');
  });

  it('claims a TOTP time step once, and never one at or before the last claimed', async () => {
    const { userId } = await seedMember(db, orgId, 'contributor');
    expect(await repo.claimTimeStep(db, userId, 100)).toBe(true);
    expect(await repo.claimTimeStep(db, userId, 100)).toBe(false);
    expect(await repo.claimTimeStep(db, userId, 99)).toBe(false);
    expect(await repo.claimTimeStep(db, userId, 101)).toBe(true);
  });

  it('lets exactly one of two concurrent claims of the same step win', async () => {
    const { userId } = await seedMember(db, orgId, 'contributor');
    // on PostgreSQL these run on two connections: the second UPDATE waits for the first's row lock,
    // then re-checks its condition against the committed row
    const claims = await Promise.all(
      [1, 2].map(() => db.transaction().execute((tx) => repo.claimTimeStep(tx, userId, 200))),
    );
    expect(claims.sort()).toEqual([false, true]);
  });

  it('spends a recovery code once, also when two requests spend it at once', async () => {
    const { userId } = await seedMember(db, orgId, 'contributor');
    const other = await seedMember(db, orgId, 'contributor');
    await repo.replaceRecoveryCodes(db, userId, ['hash-a', 'hash-b'], now);
    await repo.replaceRecoveryCodes(db, other.userId, ['hash-c'], now);
    expect(await repo.useRecoveryCode(db, userId, 'hash-a', now)).toBe(true);
    expect(await repo.useRecoveryCode(db, userId, 'hash-a', now)).toBe(false);
    // another user's code is not this user's
    expect(await repo.useRecoveryCode(db, userId, 'hash-c', now)).toBe(false);
    const spends = await Promise.all(
      [1, 2].map(() => db.transaction().execute((tx) => repo.useRecoveryCode(tx, userId, 'hash-b', now))),
    );
    expect(spends.sort()).toEqual([false, true]);
    expect(await repo.countUnusedRecoveryCodes(db, userId)).toBe(0);
    expect(await repo.countUnusedRecoveryCodes(db, other.userId)).toBe(1);
  });

  it('replacing recovery codes kills the old ones', async () => {
    const { userId } = await seedMember(db, orgId, 'contributor');
    await repo.replaceRecoveryCodes(db, userId, ['old-1', 'old-2'], now);
    await repo.replaceRecoveryCodes(db, userId, ['new-1'], now);
    expect(await repo.useRecoveryCode(db, userId, 'old-1', now)).toBe(false);
    expect(await repo.useRecoveryCode(db, userId, 'new-1', now)).toBe(true);
  });
});
