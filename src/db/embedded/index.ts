import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedEngine {
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  host?: string;
}

/** What the engine's thread tells the thread that started it. */
export type WorkerReport = { port: number } | { error: string } | { closed: true };

/**
 * Starts the MongoDB-wire-compatible engine on a thread of its own, so that
 * no query, however heavy, holds up the caller's event loop. It refuses a
 * data folder that another live engine holds. This module loads none of
 * the engine itself: only its thread does.
 */
export function startEmbeddedEngine(opts: EmbeddedOptions): Promise<EmbeddedEngine> {
  const dataDir = path.resolve(opts.dataDir);
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { ...opts, dataDir },
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    worker.once('error', failed);
    worker.once('exit', (code) => reject(new Error(`The database engine stopped while starting (exit code ${code})`)));
    worker.once('message', (m: WorkerReport) => {
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
      resolve({
        port: m.port,
        dataDir,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          })),
      });
    });
  });
}
