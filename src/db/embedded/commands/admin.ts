import { ObjectId } from 'bson';
import { CommandError, noSuchTransaction } from '../errors.js';
import { MAX_BSON_SIZE, MAX_MESSAGE_SIZE } from '../wire/protocol.js';
import { sessionKey } from '../engine.js';
import type { Ctx, Handler } from './index.js';

const ELECTION_ID = new ObjectId('7fffffff0000000000000001');
export const REPLICA_SET = 'rasoat';

/**
 * A single-member replica set: the driver then uses retryable writes and
 * allows transactions, as against a production replica set.
 */
function hello(ctx: Ctx) {
  const me = ctx.engine.address;
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    secondary: false,
    setName: REPLICA_SET,
    setVersion: 1,
    electionId: ELECTION_ID,
    hosts: [me],
    primary: me,
    me,
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: 1,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function endTransaction(ctx: Ctx, commit: boolean) {
  const txn = ctx.txn;
  if (!txn) throw noSuchTransaction('no transaction in progress');
  if (commit) {
    if (txn.state === 'committed') return { ok: 1 };
    txn.commit(ctx.engine.catalog);
  } else {
    if (txn.state === 'committed') throw new CommandError(256, 'TransactionCommitted', 'transaction already committed');
    txn.abort();
  }
  return { ok: 1 };
}

export const adminCommands: Record<string, Handler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: '7.0.0',
    gitVersion: 'rasoat-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['lmdb'],
    ok: 1,
  }),
  buildinfo: (ctx) => adminCommands.buildInfo!(ctx),
  endSessions: (ctx) => {
    for (const lsid of (ctx.cmd.endSessions as unknown[]) ?? []) ctx.engine.endSession(sessionKey(lsid));
    return { ok: 1 };
  },
  commitTransaction: (ctx) => endTransaction(ctx, true),
  abortTransaction: (ctx) => endTransaction(ctx, false),
  getParameter: (ctx) => ({
    ttlMonitorSleepSecs: ctx.engine.ttlSleepSecs,
    featureCompatibilityVersion: { version: '7.0' },
    ok: 1,
  }),
  setParameter: (ctx) => {
    const secs = Number(ctx.cmd.ttlMonitorSleepSecs);
    if (!Number.isFinite(secs) || secs <= 0) throw new CommandError(2, 'BadValue', 'only ttlMonitorSleepSecs can be set');
    const was = ctx.engine.ttlSleepSecs;
    ctx.engine.ttlSleepSecs = secs;
    ctx.engine.scheduleTtl();
    return { was, ok: 1 };
  },
  serverStatus: (ctx) => ({
    host: ctx.engine.address,
    version: '7.0.0',
    process: 'rasoat-embedded',
    uptime: (Date.now() - ctx.engine.startedAt.getTime()) / 1000,
    localTime: new Date(),
    ok: 1,
  }),
  hostInfo: () => ({ system: { currentTime: new Date() }, os: { type: process.platform }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['rasoat-embedded'], parsed: {}, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  listDatabases: (ctx) => {
    const databases = [...ctx.engine.catalog.dbs.entries()].map(([name, colls]) => ({
      name,
      sizeOnDisk: 0,
      empty: colls.size === 0,
    }));
    return { databases, totalSize: ctx.engine.storeBytes(), ok: 1 };
  },
};
