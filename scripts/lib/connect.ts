import mongoose from 'mongoose';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';

/**
 * The database a maintenance script works on: MONGODB_URI, or a running app's embedded
 * engine on EMBEDDED_DB_PORT, or DATA_DIR opened directly (only while the app is stopped:
 * the engine locks its folder).
 */
export async function connectForScript(): Promise<DatabaseHandle> {
  const uri = process.env.MONGODB_URI?.trim();
  if (uri) return connectDatabase({ mongodbUri: uri, dataDir: '.' });
  const port = process.env.EMBEDDED_DB_PORT?.trim();
  if (port) {
    if (!/^\d+$/.test(port)) throw new Error('EMBEDDED_DB_PORT must be a port number');
    const running = `mongodb://127.0.0.1:${port}/rasoat?directConnection=true`;
    await mongoose.connect(running, { serverSelectionTimeoutMS: 5000 });
    return { kind: 'embedded', uri: running, close: () => mongoose.disconnect() };
  }
  return connectDatabase({ dataDir: process.env.DATA_DIR ?? './data' });
}
