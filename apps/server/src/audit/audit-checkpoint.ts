import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { chainKey } from './audit.ts';

export const CHECKPOINT_FORMAT = 'vigil-audit-checkpoint/1';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  createdAt: string;
  chains: Array<{ organisationId: string | null; seq: number; hash: string }>;
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  /** SPKI PEM of the Ed25519 key that signed it. */
  publicKey: string;
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of `checkpoint`. */
  signature: string;
}

function payload(checkpoint: Checkpoint): Buffer {
  return Buffer.from(canonicalize(checkpoint) ?? '', 'utf8');
}

/** The public half of an Ed25519 key given as either half. */
function ed25519PublicKey(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} must be an Ed25519 key`);
  return key.type === 'private' ? createPublicKey(key) : key;
}

const HASH = /^[0-9a-f]{64}$/;

function isChainHead(value: unknown): value is Checkpoint['chains'][number] {
  if (value === null || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    (c.organisationId === null || (typeof c.organisationId === 'string' && c.organisationId.length > 0)) &&
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    typeof c.hash === 'string' &&
    HASH.test(c.hash)
  );
}

/** Reads every chain head and signs it with the instance's Ed25519 audit key. */
export async function createCheckpoint(
  db: Kysely<DB>,
  privateKey: KeyObject,
  now: Date,
): Promise<SignedCheckpoint> {
  if (privateKey.type !== 'private') throw new Error('a checkpoint is signed with a private key');
  const publicKey = ed25519PublicKey(privateKey, 'the audit signing key');
  const heads = await db
    .selectFrom('audit_chain_heads')
    .select(['organisation_id', 'seq', 'hash'])
    .orderBy('chain_key')
    .execute();
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    createdAt: now.toISOString(),
    chains: heads.map((h) => ({ organisationId: h.organisation_id, seq: h.seq, hash: h.hash })),
  };
  return {
    checkpoint,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: sign(null, payload(checkpoint), privateKey).toString('base64'),
  };
}

/**
 * Checks a checkpoint file's shape and signature. With `trustedKey` (the instance's audit key, either
 * half), the signature must also come from that key, so a forged checkpoint signed by another key is
 * refused. Without it, the signature only shows the file is whole: anyone can sign a checkpoint with a
 * key of their own, so callers that act on the result should always pass the trusted key.
 */
export function openCheckpoint(text: string, trustedKey?: KeyObject): Checkpoint {
  let signed: SignedCheckpoint;
  try {
    signed = JSON.parse(text) as SignedCheckpoint;
  } catch {
    throw new Error('the checkpoint file is not JSON');
  }
  const cp = signed?.checkpoint;
  if (
    cp?.format !== CHECKPOINT_FORMAT ||
    !Array.isArray(cp.chains) ||
    typeof signed.signature !== 'string' ||
    typeof signed.publicKey !== 'string'
  ) {
    throw new Error(`the checkpoint file is not a ${CHECKPOINT_FORMAT} document`);
  }
  let embedded: KeyObject;
  try {
    embedded = createPublicKey(signed.publicKey);
  } catch {
    throw new Error('the checkpoint file does not hold a valid public key');
  }
  if (embedded.asymmetricKeyType !== 'ed25519')
    throw new Error('the checkpoint was not signed with an Ed25519 key');
  if (trustedKey && !embedded.equals(ed25519PublicKey(trustedKey, 'the trusted audit key'))) {
    throw new Error("the checkpoint was not signed with this instance's audit key");
  }
  if (!verify(null, payload(cp), embedded, Buffer.from(signed.signature, 'base64'))) {
    throw new Error('the checkpoint signature is not valid: the file was altered');
  }
  const keys = new Set<string>();
  for (const chain of cp.chains) {
    if (!isChainHead(chain)) throw new Error('the checkpoint holds a chain head that is not well formed');
    keys.add(chainKey(chain.organisationId));
  }
  if (keys.size !== cp.chains.length) throw new Error('the checkpoint holds a chain twice');
  return cp;
}
