import fs from 'node:fs';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { bootstrap } from './auth/bootstrap.js';
import { installBuiltinTemplates } from './review-templates/template.builtin.js';
import { ConfigError, parseEnv, resolveSessionSecret, type Env } from './config/env.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { createLogger } from './http/logger.js';
import { createMailer } from './mail/mailer.js';
import { configureOutbox } from './mail/outbox.service.js';
import { startSenderJob } from './mail/sender.job.js';
import { startDigestJob } from './mail/digest.job.js';
import { startEscalationJob } from './mail/escalation.job.js';
import { migrateSubmissionItems } from './submissions/item.migrate.js';
import { migrateUnreadCounts } from './notifications/unread.counts.js';
import { startReminderJob } from './notifications/reminder.job.js';
import { startUploadSweep } from './attachments/upload.sweep.js';

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function trustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

async function main(): Promise<void> {
  let env: Env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const log = (line: string) => logger.info(line);
  const sessionSecret = resolveSessionSecret(env);

  const db: DatabaseHandle = await connectDatabase({
    mongodbUri: env.MONGODB_URI,
    dataDir: env.DATA_DIR,
    embeddedPort: env.EMBEDDED_DB_PORT,
    log,
  });
  await migrateSubmissionItems(log);
  await migrateUnreadCounts(log);
  const displayHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const baseUrl = env.PUBLIC_URL ?? `http://${displayHost}:${env.PORT}`;
  const announce = (lines: string[]) => {
    const rule = '='.repeat(72);
    process.stdout.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n\n`);
  };
  await bootstrap({ adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD, baseUrl, log, announce });
  await installBuiltinTemplates({ log });

  const mailer = createMailer({ url: env.SMTP_URL, from: env.MAIL_FROM });
  const app = createApp({
    dbKind: db.kind,
    sessionSecret,
    version: readVersion(),
    logger,
    secureCookies: baseUrl.startsWith('https://'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    publicUrl: env.PUBLIC_URL,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    bodyLimitKb: env.BODY_LIMIT_KB,
    uploadMaxMb: env.UPLOAD_MAX_MB,
    login: { maxFailures: env.LOGIN_MAX_FAILURES, lockMinutes: env.LOGIN_LOCK_MINUTES, ipLimit: env.LOGIN_IP_LIMIT },
    rateLimits: { tokenFailures: env.TOKEN_FAILURE_LIMIT, uploads: env.UPLOAD_RATE_LIMIT },
    mailer,
  });
  // Links in e-mail lead to the address people reach the app at.
  configureOutbox({ enabled: mailer.enabled, baseUrl, digestHour: env.MAIL_DIGEST_HOUR, escalationDays: env.ESCALATION_DAYS });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  log(`rasoat listening on ${baseUrl} (database: ${db.kind})`);
  // The host only: SMTP_URL may carry a password.
  log(env.SMTP_URL ? `notifications and password links are e-mailed through ${new URL(env.SMTP_URL).host}` : 'no SMTP_URL: no e-mail is sent; password links are only shown to the admin');
  // Deadline reminders: every instance runs the job; a unique claim per (submission, kind) sends each once.
  const stopReminders = startReminderJob(logger);
  const stopUploadSweep = startUploadSweep(logger);
  // Every instance sends: a leased claim per message keeps each to one delivery.
  const stopSender = startSenderJob(logger, mailer, env.MAIL_SEND_SECONDS);
  const stopDigest = startDigestJob(logger);
  const stopEscalations = startEscalationJob(logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, stopping`);
    // Stop taking requests, let the running ones finish, then close the database.
    const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    clearTimeout(force);
    stopReminders();
    stopUploadSweep();
    stopSender();
    stopDigest();
    stopEscalations();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`rasoat could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
