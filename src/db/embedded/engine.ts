import { Binary, type Document } from 'bson';
import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from './catalog.js';
import { COMMANDS, type Ctx } from './commands/index.js';
import { Cursors } from './cursors.js';
import { CommandError, commandNotFound, noSuchTransaction } from './errors.js';
import { readRecords, Journal, writeSnapshot, type JournalOp } from './storage.js';
import { expireTtl } from './ttl.js';
import { Transaction, View } from './view.js';
import type { Request } from './wire/protocol.js';
import type { Doc } from './query/values.js';

const COMPACT_AT_BYTES = 64 * 1024 * 1024;

interface Session {
  txn?: Transaction;
  lastUse: number;
}

/**
 * The database state and the rules for changing it. Commands run one at a
 * time on the event loop; a write is answered once its journal record is synced.
 */
export class Engine {
  readonly catalog = new Catalog();
  readonly cursors = new Cursors();
  readonly sessions = new Map<string, Session>();
  readonly startedAt = new Date();
  ttlSleepSecs = 60;
  address = '127.0.0.1:27017';
  /** Told of any failure that is the engine's own rather than the request's. */
  onFault?: (err: Error, command: string) => void;
  private journal!: Journal;
  private gen = 0;
  private ttlTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;

  constructor(readonly dataDir: string) {}

  /** Rebuilds the state from the snapshot and its journal, cutting off a torn tail, then compacts. */
  open(): void {
    const snap = path.join(this.dataDir, 'snapshot.bin');
    readRecords(snap, (op) => {
      if (op.t === 'meta') this.gen = op.gen;
      else this.catalog.apply(op);
    });
    const journalFile = this.journalFile(this.gen);
    const { size } = readRecords(journalFile, (op) => this.catalog.apply(op));
    if (size > 0 || !fs.existsSync(snap)) this.compact();
    else this.journal = new Journal(journalFile);
    for (const f of fs.readdirSync(this.dataDir)) {
      if (/^journal-\d+\.bin$/.test(f) && f !== path.basename(this.journal.file)) fs.rmSync(path.join(this.dataDir, f));
    }
    this.scheduleTtl();
    this.sweepTimer = setInterval(() => this.sweep(), 60_000).unref();
  }

  private journalFile(gen: number): string {
    return path.join(this.dataDir, `journal-${gen}.bin`);
  }

  /** Writes the whole state as a new snapshot generation and starts an empty journal for it. */
  private compact(): void {
    const old = this.journal;
    this.gen += 1;
    writeSnapshot(this.dataDir, this.gen, this.catalog.records());
    this.journal = new Journal(this.journalFile(this.gen));
    if (old) void old.close().then(() => fs.rmSync(old.file, { force: true }));
  }

  async persist(ops: JournalOp[]): Promise<void> {
    if (ops.length === 0) return;
    const merged: JournalOp[] = [];
    for (const op of ops) {
      const last = merged[merged.length - 1];
      if (op.t === 'put' && last?.t === 'put' && last.db === op.db && last.c === op.c) last.docs.push(...op.docs);
      else merged.push(op.t === 'put' ? { ...op, docs: [...op.docs] } : op);
    }
    const done = this.journal.append(merged.length === 1 ? merged[0]! : { t: 'tx', ops: merged });
    if (this.journal.bytes > COMPACT_AT_BYTES) this.compact();
    await done;
  }

  scheduleTtl(): void {
    clearInterval(this.ttlTimer);
    this.ttlTimer = setInterval(() => {
      const journal: JournalOp[] = [];
      expireTtl(this.catalog, journal);
      void this.persist(journal).catch(() => {});
    }, this.ttlSleepSecs * 1000).unref();
  }

  private sweep(): void {
    this.cursors.sweep();
    const cutoff = Date.now() - 30 * 60_000;
    for (const [id, s] of this.sessions) if (s.lastUse < cutoff) this.sessions.delete(id);
  }

  async execute(req: Request): Promise<Document | Buffer> {
    const cmd = req.command;
    const name = Object.keys(cmd)[0] ?? '';
    const handler = COMMANDS[name] ?? COMMANDS[name.toLowerCase()];
    const journal: JournalOp[] = [];
    try {
      if (!handler) throw commandNotFound(name);
      const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
      const txn = this.transactionFor(cmd, name);
      const ctx: Ctx = {
        engine: this,
        db,
        cmd,
        req,
        txn,
        journal,
        view: (coll: string) => new View(this.catalog, db, coll, journal, txn),
      };
      const reply = handler(ctx);
      await this.persist(journal);
      return reply;
    } catch (err) {
      await this.persist(journal).catch(() => {});
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
      session.txn = new Transaction(txnNumber);
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

  async close(): Promise<void> {
    clearInterval(this.ttlTimer);
    clearInterval(this.sweepTimer);
    await this.journal.close();
  }
}

export function sessionKey(lsid: unknown): string {
  const id = (lsid as Doc).id;
  return id instanceof Binary ? Buffer.from(id.buffer).toString('hex') : String(id);
}
