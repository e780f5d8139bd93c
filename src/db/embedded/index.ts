import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WireLimits } from './wire/connection.js';
import { engineUri, type EngineCredentials } from './wire/credentials.js';

export interface EmbeddedEngine {
  port: number;
  dataDir: string;
  /** The login clients must present (generated into the data folder at first start); undefined when auth is off. */
  credentials?: EngineCredentials;
  /** A connection string for this engine, credentials included. */
  uri(dbName?: string): string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** SCRAM-SHA-256 on the port (default on). */
  auth?: boolean;
  limits?: Partial<WireLimits>;
  log?: (line: string) => void;
}

/** What the engine's thread tells the thread that started it. */
export type WorkerReport = { port: number; credentials?: EngineCredentials } | { error: string } | { closed: true } | { log: string };

/**
 * Starts the MongoDB-wire-compatible engine on a thread of its own, so that
 * no query, however heavy, holds up the caller's event loop. It refuses a
 * data folder that another live engine holds. This module loads none of
 * the engine itself: only its thread does.
 */
export function startEmbeddedEngine(opts: EmbeddedOptions): Promise<EmbeddedEngine> {
  const dataDir = path.resolve(opts.dataDir);
  const { log, ...passed } = opts;
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { ...passed, dataDir },
    env: process.env,
  });
  const writeLog = log ?? ((line: string) => process.stderr.write(line + '\n'));
  worker.on('message', (m: WorkerReport) => {
    if ('log' in m) writeLog(m.log);
  });
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    worker.once('error', failed);
    worker.once('exit', (code) => reject(new Error(`The database engine stopped while starting (exit code ${code})`)));
    worker.on('message', function started(m: WorkerReport) {
      if ('log' in m) return;
      worker.off('message', started);
      if ('error' in m) {
        void worker.terminate();
        return reject(new Error(m.error));
      }
      if (!('port' in m)) return;
      worker.removeAllListeners('exit');
      worker.off('error', failed);
      // A failure after start-up is the engine's own; the clients see their connections close.
      worker.on('error', (err) => process.stderr.write(`Database engine thread failed: ${err.stack ?? err.message}\n`));
      let closing: Promise<void> | undefined;
      const credentials = m.credentials;
      resolve({
        port: m.port,
        dataDir,
        credentials,
        uri: (dbName = 'rasoat') => engineUri(credentials, opts.host ?? '127.0.0.1', m.port, dbName),
        close: () =>
          (closing ??= new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          })),
      });
    });
  });
}
