import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddedOptions, WorkerReport } from './index.js';
import { startEngineHere } from './local.js';

/** The engine's thread: runs the engine and its wire server until told to close. */
const port = parentPort!;
const report = (m: WorkerReport) => port.postMessage(m);
try {
  const running = await startEngineHere({ ...(workerData as EmbeddedOptions), log: (line) => report({ log: line }) });
  port.on('message', (m) => {
    if (m !== 'close') return;
    void running.close().finally(() => {
      report({ closed: true });
      port.close();
    });
  });
  report({ port: running.port, credentials: running.credentials });
} catch (err) {
  report({ error: (err as Error).message });
}
