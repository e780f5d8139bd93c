import nodemailer from 'nodemailer';

export interface Mailer {
  /** false when no SMTP server is configured: callers then say nothing about e-mail */
  readonly enabled: boolean;
  /** Resolves once the server has accepted the message; rejects otherwise. */
  send(to: string, subject: string, text: string): Promise<void>;
}

export const NO_MAILER: Mailer = { enabled: false, send: async () => {} };

export function createMailer(opts: { url?: string; from: string }): Mailer {
  if (!opts.url) return NO_MAILER;
  const transport = nodemailer.createTransport({
    url: opts.url,
    // An admin is waiting on the page while we send: an unreachable server must fail in seconds, not minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    enabled: true,
    async send(to, subject, text) {
      await transport.sendMail({ from: opts.from, to, subject, text });
    },
  };
}
