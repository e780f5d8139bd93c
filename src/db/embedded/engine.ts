import { Binary, type Document } from 'bson';
import { Catalog } from './catalog.js';
import { COMMANDS, type Ctx } from './commands/index.js';
import { rawInsertDocuments } from './commands/write.js';
import { insertInSlices, multiInSlices, SLICE, type SliceHost } from './write-slices.js';
import { Cursors } from './cursors.js';
import { CommandError, commandNotFound, noSuchTransaction } from './errors.js';
import { migrateLegacy } from './storage/migrate.js';
import { Store } from './storage/store.js';
import { expireTtl } from './ttl.js';
import { Transaction, View } from './view.js';
import type { Request } from './wire/protocol.js';
import type { Doc } from './query/values.js';

/** Commands that may write: they run inside a write transaction and answer once it is synced. */
const WRITES = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'createindexes',
  'dropIndexes',
  'deleteIndexes',
  'commitTransaction',
]);

/** MongoDB's transactionLifetimeLimitSeconds: an open transaction holds a snapshot, so it may not live forever. */
const TXN_LIFETIME_MS = 60_000;

interface Session {
  txn?: Transaction;
  lastUse: number;
}

/**
 * The database state and the rules for changing it. A command runs in one
 * go on this thread; a writing one runs inside the store's next grouped
 * write transaction and is answered once that is synced to disk.
 */
export class Engine {
  /** Told of any failure that is the engine's own rather than the request's. */
  onFault?: (err: Error, command: string) => void;
  store!: Store;
  catalog!: Catalog;
  readonly cursors = new Cursors();
  readonly sessions = new Map<string, Session>();
  readonly startedAt = new Date();
  ttlSleepSecs = 60;
  address = '127.0.0.1:27017';
  private ttlTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;

  constructor(readonly dataDir: string) {}

  /** Opens the store (nothing is read into memory but the catalog) and imports a legacy data folder once. */
  async open(): Promise<void> {
    this.store = new Store(this.dataDir);
    this.catalog = new Catalog(this.store);
    await migrateLegacy(this.dataDir, this.store, this.catalog);
    if (!this.catalog.uncounted().next().done) await this.store.write(() => this.catalog.countKeys());
    this.scheduleTtl();
    this.sweepTimer = setInterval(() => this.sweep(), 10_000).unref();
  }

  scheduleTtl(): void {
    clearInterval(this.ttlTimer);
    this.ttlTimer = setInterval(() => {
      void this.store
        .write(() => {
          expireTtl(this.catalog);
          this.catalog.flush();
        })
        .catch(() => {});
    }, this.ttlSleepSecs * 1000).unref();
  }

  private sweep(): void {
    this.cursors.sweep();
    const now = Date.now();
    for (const [id, s] of this.sessions) {
      if (s.txn?.state === 'active' && now - s.txn.startedAt > TXN_LIFETIME_MS) s.txn.abort();
      if (s.lastUse < now - 30 * 60_000) {
        s.txn?.release();
        this.sessions.delete(id);
      }
    }
  }

  async execute(req: Request): Promise<Document | Buffer> {
    const cmd = req.command;
    const name = Object.keys(cmd)[0] ?? '';
    try {
      if (cmd.autocommit !== false) {
        const docs = name === 'insert' ? rawInsertDocuments(req) : undefined;
        if (docs && docs.length > SLICE) return await insertInSlices(this.slices, req, docs);
        const sliced = name === 'update' || name === 'delete' ? await multiInSlices(this.slices, req, name) : undefined;
        if (sliced) return sliced;
      }
      if (WRITES.has(name)) return await this.write(req, name);
      return this.run(req, name);
    } catch (err) {
      this.onFault?.(err as Error, name);
      return { ok: 0, code: 1, codeName: 'InternalError', errmsg: (err as Error).message };
    }
  }

  /** How large writes outside transactions are cut into write groups (see write-slices.ts). */
  private readonly slices: SliceHost = {
    writeGroup: (req, name) => this.store.write(() => this.runWriting(req, name) as Doc, false),
    synced: () => this.store.synced(),
    view: (db, coll) => new View(this.catalog, db, coll),
  };

  private write(req: Request, name: string): Promise<Document | Buffer> {
    return this.store.write(() => this.runWriting(req, name));
  }

  /** Runs a writing command inside the current write transaction, catalog changes included. */
  private runWriting(req: Request, name: string): Document | Buffer {
    try {
      return this.run(req, name);
    } finally {
      this.catalog.flush();
    }
  }

  private run(req: Request, name: string): Document | Buffer {
    const cmd = req.command;
    const handler = COMMANDS[name] ?? COMMANDS[name.toLowerCase()];
    try {
      if (!handler) throw commandNotFound(name);
      const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
      const txn = this.transactionFor(cmd, name);
      const ctx: Ctx = { engine: this, db, cmd, req, txn, view: (coll: string) => new View(this.catalog, db, coll, txn) };
      return handler(ctx);
    } catch (err) {
      if (err instanceof CommandError) return err.toReply();
      this.onFault?.(err as Error, name);
      return { ok: 0, code: 1, codeName: 'InternalError', errmsg: (err as Error).message };
    }
  }

  private transactionFor(cmd: Doc, name: string): Transaction | undefined {
    if (cmd.autocommit !== false || !cmd.lsid) return undefined;
    const key = sessionKey(cmd.lsid);
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = { lastUse: Date.now() }));
    session.lastUse = Date.now();
    const txnNumber = BigInt(String(cmd.txnNumber ?? 0));
    if (cmd.startTransaction === true) {
      if (session.txn && session.txn.txnNumber >= txnNumber && session.txn.state !== 'aborted') {
        throw new CommandError(225, 'TransactionTooOld', `txnNumber ${txnNumber} is not newer than the current one`);
      }
      session.txn?.release();
      session.txn = new Transaction(txnNumber, this.store);
      return session.txn;
    }
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(`Transaction ${txnNumber} has been aborted or never started.`);
    if (txn.state === 'aborted') throw noSuchTransaction(`Transaction ${txnNumber} has been aborted.`);
    if (txn.state === 'committed' && name !== 'commitTransaction') {
      throw new CommandError(256, 'TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
    }
    return txn;
  }

  /** Forgets a session; its open transaction, if any, lets go of its snapshot. */
  endSession(key: string): void {
    this.sessions.get(key)?.txn?.release();
    this.sessions.delete(key);
  }

  /** Bytes of the store on disk. */
  storeBytes(): number {
    return this.store.fileBytes();
  }

  async close(): Promise<void> {
    clearInterval(this.ttlTimer);
    clearInterval(this.sweepTimer);
    for (const s of this.sessions.values()) s.txn?.release();
    await this.store?.close();
  }
}

export function sessionKey(lsid: unknown): string {
  const id = (lsid as Doc).id;
  return id instanceof Binary ? Buffer.from(id.buffer).toString('hex') : String(id);
}
