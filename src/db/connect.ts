import mongoose from 'mongoose';
import path from 'node:path';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded/index.js';
import { CREDENTIALS_FILE, engineUri, readCredentials } from './embedded/wire/credentials.js';

export type DatabaseKind = 'embedded' | 'mongodb';

export interface DatabaseHandle {
  kind: DatabaseKind;
  uri: string;
  engine?: EmbeddedEngine;
  close(): Promise<void>;
}

export interface ConnectOptions {
  mongodbUri?: string;
  dataDir: string;
  embeddedPort?: number;
  dbName?: string;
  log?: (line: string) => void;
  /** Log unhandled rejections and uncaught exceptions of this process (default on; test runners keep their own). */
  processGuards?: boolean;
}

/**
 * Replies are not checked for invalid UTF-8 as they are decoded: every string in the database
 * was written by this app through the driver, which encodes valid UTF-8. Pages that show
 * hundreds of rows spend less of their time decoding them without the check.
 */
const CLIENT_OPTIONS = { enableUtf8Validation: false } as const;

/**
 * MONGODB_URI wins; without it the embedded engine is started in this process
 * and Mongoose talks to it over the wire like to any other server, logging in
 * with the credentials the engine keeps in its data folder.
 */
export async function connectDatabase(opts: ConnectOptions): Promise<DatabaseHandle> {
  const log = opts.log ?? (() => {});
  if (opts.processGuards !== false) guardProcess(log);
  if (opts.mongodbUri) {
    await mongoose.connect(opts.mongodbUri, { ...CLIENT_OPTIONS, dbName: opts.dbName });
    log(`Database: MongoDB at ${redact(opts.mongodbUri)}`);
    return { kind: 'mongodb', uri: opts.mongodbUri, close: () => mongoose.disconnect() };
  }
  const engine = await startEmbeddedEngine({ dataDir: path.resolve(opts.dataDir), port: opts.embeddedPort ?? 0, log });
  const dbName = opts.dbName ?? 'rasoat';
  const uri = engine.uri(dbName);
  try {
    await mongoose.connect(uri, CLIENT_OPTIONS);
  } catch (err) {
    await engine.close();
    throw err;
  }
  log(
    `Database: embedded engine on 127.0.0.1:${engine.port}, data in ${engine.dataDir} ` +
      '(a single-node store meant for evaluation and small installations; set MONGODB_URI for production)',
  );
  log(
    `Database: other processes (a second instance, seed:demo, mongosh) connect with ${redact(uri)}, ` +
      `the password being the one in ${path.join(engine.dataDir, CREDENTIALS_FILE)}`,
  );
  return {
    kind: 'embedded',
    uri,
    engine,
    close: async () => {
      await mongoose.disconnect();
      await engine.close();
    },
  };
}

/** The connection string for an embedded engine another process runs on `port` with its data in `dataDir`. */
export function embeddedEngineUri(dataDir: string, port: number, dbName = 'rasoat'): string {
  return engineUri(readCredentials(path.resolve(dataDir)), '127.0.0.1', port, dbName);
}

function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/\/\/[^:@/]*@/, '//***@');
}

let guarded = false;

/**
 * A rejection nobody handled is logged and the process carries on; an
 * uncaught exception is logged before the process ends, so it never dies silently.
 */
function guardProcess(log: (line: string) => void): void {
  if (guarded) return;
  guarded = true;
  const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.on('unhandledRejection', (reason) => {
    log(`Unhandled promise rejection: ${describe(reason)}`);
    process.stderr.write(`Unhandled promise rejection: ${describe(reason)}\n`);
  });
  process.on('uncaughtException', (err) => {
    log(`Uncaught exception, stopping: ${describe(err)}`);
    process.stderr.write(`Uncaught exception, stopping: ${describe(err)}\n`);
    process.exit(1);
  });
}
