import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

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

/** Reads every chain head and signs it with the instance's Ed25519 audit key. */
export async function createCheckpoint(
  db: Kysely<DB>,
  privateKey: KeyObject,
  now: Date,
): Promise<SignedCheckpoint> {
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
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    signature: sign(null, payload(checkpoint), privateKey).toString('base64'),
  };
}

/**
 * Checks a checkpoint file's shape and signature. With `trustedKey`, the signature must also come from
 * that key (the instance's own), so a forged checkpoint signed by another key is refused.
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
  const embedded = createPublicKey(signed.publicKey);
  if (trustedKey && !embedded.equals(createPublicKey(trustedKey))) {
    throw new Error("the checkpoint was not signed with this instance's audit key");
  }
  if (!verify(null, payload(cp), embedded, Buffer.from(signed.signature, 'base64'))) {
    throw new Error('the checkpoint signature is not valid: the file was altered');
  }
  return cp;
}
