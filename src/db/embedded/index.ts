import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { Engine } from './engine.js';
import { closeServer, serve } from './server.js';
import { acquireLock } from './storage/lock.js';

export interface EmbeddedEngine {
  port: number;
  dataDir: string;
  engine: Engine;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  host?: string;
}

/**
 * Starts the MongoDB-wire-compatible engine in this process. It refuses a
 * data folder that another live engine holds.
 */
export async function startEmbeddedEngine(opts: EmbeddedOptions): Promise<EmbeddedEngine> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(dataDir);
  const engine = new Engine(dataDir);
  let server: net.Server;
  try {
    await engine.open();
    server = await serve(engine, opts.host ?? '127.0.0.1', opts.port ?? 0);
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
    close: () =>
      (closing ??= (async () => {
        await closeServer(server);
        await engine.close();
        release();
      })()),
  };
}
