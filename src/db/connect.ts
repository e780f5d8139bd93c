import mongoose from 'mongoose';
import path from 'node:path';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded/index.js';

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
}

/**
 * MONGODB_URI wins; without it the embedded engine is started in this process
 * and Mongoose talks to it over the wire like to any other server.
 */
export async function connectDatabase(opts: ConnectOptions): Promise<DatabaseHandle> {
  const log = opts.log ?? (() => {});
  if (opts.mongodbUri) {
    await mongoose.connect(opts.mongodbUri, { dbName: opts.dbName });
    log(`Database: MongoDB at ${redact(opts.mongodbUri)}`);
    return { kind: 'mongodb', uri: opts.mongodbUri, close: () => mongoose.disconnect() };
  }
  const engine = await startEmbeddedEngine({ dataDir: path.resolve(opts.dataDir), port: opts.embeddedPort ?? 0 });
  const uri = `mongodb://127.0.0.1:${engine.port}/${opts.dbName ?? 'rasoat'}?directConnection=true`;
  try {
    await mongoose.connect(uri);
  } catch (err) {
    await engine.close();
    throw err;
  }
  log(
    `Database: embedded engine on 127.0.0.1:${engine.port}, data in ${engine.dataDir} ` +
      '(a single-node store meant for evaluation and small installations; set MONGODB_URI for production)',
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

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
