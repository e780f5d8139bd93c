import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { Engine } from './engine.js';
import type { EmbeddedEngine, EmbeddedOptions } from './index.js';
import { closeServer, serve } from './server.js';
import { acquireLock } from './storage/lock.js';
import { engineUri, loadOrCreateCredentials, type EngineCredentials } from './wire/credentials.js';

export interface LocalEngine extends EmbeddedEngine {
  engine: Engine;
}

/** Starts the engine on this thread: what the engine's worker runs. */
export async function startEngineHere(opts: EmbeddedOptions): Promise<LocalEngine> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(dataDir);
  const engine = new Engine(dataDir);
  let server: net.Server;
  let credentials: EngineCredentials | undefined;
  try {
    credentials = opts.auth === false ? undefined : loadOrCreateCredentials(dataDir);
    const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
    engine.onFault = (err, command) => log(`Embedded database: internal error in ${command}: ${err.stack ?? err.message}`);
    await engine.open();
    server = await serve(engine, opts.host ?? '127.0.0.1', opts.port ?? 0, { verifier: credentials?.scram, limits: opts.limits, log });
  } catch (err) {
    await engine.close().catch(() => {});
    release();
    throw err;
  }
  const port = (server.address() as net.AddressInfo).port;
  engine.address = `${opts.host ?? '127.0.0.1'}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    port,
    dataDir,
    engine,
    credentials,
    uri: (dbName = 'rasoat') => engineUri(credentials, opts.host ?? '127.0.0.1', port, dbName),
    close: () =>
      (closing ??= (async () => {
        await closeServer(server);
        await engine.close();
        release();
      })()),
  };
}
