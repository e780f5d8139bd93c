import type { DatabaseKind } from '../db/connect.js';
import type { Mailer } from '../mail/mailer.js';
import type { Csrf } from './csrf.js';
import type { Logger } from './logger.js';

/** What feature routers receive from createApp(): settings, never a connection or a listener. */
export interface AppContext {
  dbKind: DatabaseKind;
  version: string;
  logger: Logger;
  csrf: Csrf;
  secureCookies: boolean;
  uploadMaxBytes: number;
  login: { maxFailures: number; lockMinutes: number; ipLimit: number; ipWindowMinutes: number };
  publicUrl?: string;
  mailer: Mailer;
}
