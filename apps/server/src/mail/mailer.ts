import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** False when no SMTP server is configured: messages then go to the log, and the UI says so. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Mail through nodemailer over SMTP (`VIGIL_SMTP_URL`). Without one, each message is written to the log
 * so that development and first runs still work. Call it after the transaction commits, never inside.
 */
export function createMailer(
  options: { smtpUrl: string | null; from: string },
  log: FastifyBaseLogger,
): Mailer {
  if (!options.smtpUrl) {
    return {
      configured: false,
      send: async (message) => {
        log.warn(
          { mail: message },
          'mail is not configured (VIGIL_SMTP_URL): message written to the log instead',
        );
      },
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    configured: true,
    send: async (message) => {
      await transport.sendMail({ from: options.from, ...message });
    },
    close: () => transport.close(),
  };
}
