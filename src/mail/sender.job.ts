import crypto from 'node:crypto';
import type { Logger } from '../http/logger.js';
import type { Mailer } from './mailer.js';
import { OutboxModel, type OutboxMessage } from './outbox.model.js';

/**
 * Delivers the outbox. Any number of senders may run (one per app instance): each
 * claims a message by moving it from `pending` to `sending` in one atomic update
 * with a lease, so no two send the same message. A sender that dies mid-send
 * leaves the lease to expire and the message is claimed again. A refused or
 * unreachable server means a retry later, at doubling intervals, until the
 * attempts run out and the message is `failed` for an admin to see.
 */
export interface SenderOptions {
  mailer: Mailer;
  /** Names this sender in its leases. */
  id?: string;
  now?: Date;
  leaseMs?: number;
  maxAttempts?: number;
  /** The first retry's wait; each further one waits twice as long. */
  backoffMs?: number;
  batch?: number;
}

export const SENDER_DEFAULTS = { leaseMs: 2 * 60_000, maxAttempts: 6, backoffMs: 60_000, batch: 50 };

/** When the next try is due after `attempts` failed ones. */
export function retryAt(now: Date, attempts: number, backoffMs = SENDER_DEFAULTS.backoffMs): Date {
  return new Date(now.getTime() + backoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * What is kept of a failure: nodemailer's code and the first line of its message, with any
 * credentials of a URL masked — the server's reply can echo what it was sent.
 */
export function describeError(err: unknown): { code?: string; message: string } {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.responseCode === 'number' ? String(e.responseCode) : undefined;
  const message = String(e?.message ?? err ?? 'error')
    .split(/\r?\n/)[0]!
    .replace(/\/\/[^/\s@]+@/g, '//***@')
    .slice(0, 200);
  return code ? { code, message } : { message };
}

async function claim(id: string, now: Date, leaseMs: number): Promise<OutboxMessage | null> {
  return OutboxModel.findOneAndUpdate(
    {
      $or: [
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { status: 'sending', lockedUntil: { $lte: now } },
      ],
    },
    { $set: { status: 'sending', lockedUntil: new Date(now.getTime() + leaseMs), lockedBy: id }, $inc: { attempts: 1 } },
    { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
  ).lean<OutboxMessage>();
}

export async function runSender(opts: SenderOptions): Promise<{ sent: number; retried: number; failed: number }> {
  const o = { ...SENDER_DEFAULTS, ...opts };
  const id = opts.id ?? crypto.randomUUID();
  const now = opts.now ?? new Date();
  const out = { sent: 0, retried: 0, failed: 0 };
  if (!o.mailer.enabled) return out;
  for (let i = 0; i < o.batch; i++) {
    const msg = await claim(id, now, o.leaseMs);
    if (!msg) break;
    const mine = { _id: msg._id, status: 'sending' as const, lockedBy: id };
    try {
      await o.mailer.send(msg.to, msg.subject, msg.text);
      await OutboxModel.updateOne(mine, { $set: { status: 'sent', sentAt: new Date() }, $unset: { lockedUntil: 1, lockedBy: 1, lastError: 1 } });
      out.sent++;
    } catch (err) {
      const lastError = describeError(err);
      if (msg.attempts >= o.maxAttempts) {
        await OutboxModel.updateOne(mine, { $set: { status: 'failed', lastError }, $unset: { lockedUntil: 1, lockedBy: 1 } });
        out.failed++;
      } else {
        await OutboxModel.updateOne(mine, { $set: { status: 'pending', lastError, nextAttemptAt: retryAt(now, msg.attempts, o.backoffMs) }, $unset: { lockedUntil: 1, lockedBy: 1 } });
        out.retried++;
      }
      // The server is down for every message alike: leave the rest for the next run.
      if (lastError.code === 'ECONNECTION' || lastError.code === 'ETIMEDOUT' || lastError.code === 'ESOCKET') break;
    }
  }
  return out;
}

/** Every `seconds`, on every instance that has a mailer; returns a stop function. */
export function startSenderJob(logger: Logger, mailer: Mailer, seconds = 30): () => void {
  if (!mailer.enabled) return () => {};
  const id = crypto.randomUUID();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runSender({ mailer, id });
      if (r.sent || r.retried || r.failed) logger.info(r, 'outbox run');
    } catch (err) {
      logger.error({ err: describeError(err) }, 'outbox run failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  setTimeout(() => void tick(), 3000).unref();
  return () => clearInterval(timer);
}
