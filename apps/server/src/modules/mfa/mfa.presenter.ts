import type { TMfaStatus, TTotpEnrolment } from '@vigil/contracts';

export function presentMfaStatus(
  user: { totp_secret: string | null; totp_enabled_at: string | null },
  recoveryCodesLeft: number,
): TMfaStatus {
  const enabled = user.totp_enabled_at !== null;
  return {
    enabled,
    pendingEnrolment: !enabled && user.totp_secret !== null,
    recoveryCodesLeft: enabled ? recoveryCodesLeft : 0,
  };
}

export function presentTotpEnrolment(enrolment: {
  uri: string;
  secret: string;
  qrCode: string;
}): TTotpEnrolment {
  return { otpauthUri: enrolment.uri, secret: enrolment.secret, qrCode: enrolment.qrCode };
}
