import type { Catalog } from './catalog.js';
import type { Collection } from './collection.js';
import { duplicateIdError, writeConflict } from './errors.js';
import type { Stored } from './indexes.js';
import type { Candidates } from './planner/plan.js';
import type { ReadTxn, Store } from './storage/store.js';
import type { Doc } from './query/values.js';

/**
 * A multi-document transaction: reads see the store as of its start (an
 * LMDB read transaction held open), writes wait in `overlay` until commit.
 */
export class Transaction {
  readonly overlay = new Map<string, Map<string, Stored | null>>();
  /** The bytes each touched document had in the snapshot (undefined: absent). */
  readonly seen = new Map<string, Buffer | undefined>();
  readonly snapshot: ReadTxn;
  readonly startedAt = Date.now();
  state: 'active' | 'committed' | 'aborted' = 'active';
  private released = false;

  constructor(
    readonly txnNumber: bigint,
    store: Store,
  ) {
    this.snapshot = store.snapshot();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.snapshot.done();
  }

  abort(): void {
    this.state = 'aborted';
    this.release();
  }

  /**
   * Applies the transaction in the current write transaction, all or
   * nothing: every check (conflicts, unique keys) runs before any write.
   */
  commit(catalog: Catalog): void {
    const plans: Array<{ coll: Collection; cur: Stored | undefined; next: Stored | null }> = [];
    for (const [ns, changes] of this.overlay) {
      const dot = ns.indexOf('.');
      const coll = catalog.ensure(ns.slice(0, dot), ns.slice(dot + 1)).coll;
      for (const [id, next] of changes) {
        const was = this.seen.get(ns + '\0' + id);
        const idValue = (next ?? undefined)?.doc._id ?? this.ids.get(ns + '\0' + id);
        const cur = coll.get(idValue);
        if (!sameBytes(cur?.raw, was)) {
          this.abort();
          throw writeConflict();
        }
        plans.push({ coll, cur, next });
      }
    }
    for (const p of plans) {
      if (!p.next) continue;
      try {
        p.coll.checkUnique(p.next, (id) => this.overlay.get(p.coll.ns)!.has(id));
      } catch {
        this.abort();
        throw writeConflict();
      }
    }
    for (const p of plans) if (!p.next && p.cur) p.coll.remove(p.cur);
    for (const p of plans) {
      if (p.next && p.cur) p.coll.replace(p.cur, p.next);
      else if (p.next) p.coll.insert(p.next);
    }
    this.state = 'committed';
    this.release();
  }

  /** The `_id` of each touched document, for deletes (whose overlay entry is null). */
  readonly ids = new Map<string, unknown>();
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.equals(b));
}

export interface ViewCandidates extends Candidates {
  extra: Stored[];
}

/**
 * One collection as a command sees it: committed documents, or inside a
 * transaction its snapshot overlaid with the transaction's own writes.
 * Writes outside a transaction go straight to the store's current write
 * transaction.
 */
export class View {
  private readonly changes: Map<string, Stored | null> | undefined;

  constructor(
    private readonly catalog: Catalog,
    readonly db: string,
    readonly name: string,
    private readonly txn?: Transaction,
  ) {
    if (txn) {
      const ns = `${db}.${name}`;
      let changes = txn.overlay.get(ns);
      if (!changes) txn.overlay.set(ns, (changes = new Map()));
      this.changes = changes;
    }
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get coll(): Collection | undefined {
    return this.catalog.get(this.db, this.name);
  }

  /** The collection, created on first write as MongoDB does. */
  private ensure(): Collection {
    return this.catalog.ensure(this.db, this.name).coll;
  }

  private get(s: Stored): Stored | undefined {
    if (this.changes?.has(s.id)) return this.changes.get(s.id) ?? undefined;
    return this.coll?.get(s.doc._id, this.txn?.snapshot);
  }

  /** Candidates from the planner (in the snapshot inside a transaction), then this transaction's own documents. */
  candidates(filter: Doc, sort?: Doc): ViewCandidates {
    const coll = this.coll;
    const base: Candidates = coll ? coll.candidates(filter, sort, this.txn?.snapshot) : { docs: [], exact: true, sorted: true, count: () => 0 };
    const changes = this.changes;
    if (!changes || changes.size === 0) return { ...base, extra: [] };
    const extra = [...changes.values()].filter((s): s is Stored => s !== null);
    const docs = (function* () {
      for (const s of base.docs) if (!changes.has(s.id)) yield s;
    })();
    return { docs, exact: base.exact, sorted: false, extra };
  }

  insert(s: Stored): void {
    const coll = this.ensure();
    if (!this.changes) return coll.insert(s);
    if (this.get(s)) throw duplicateIdError(this.ns, s.doc._id);
    this.checkInTxn(coll, s);
    this.touch(s, coll);
    this.changes.set(s.id, s);
  }

  replace(prev: Stored, next: Stored): void {
    const coll = this.ensure();
    if (!this.changes) return coll.replace(prev, next);
    this.checkInTxn(coll, next);
    this.touch(next, coll);
    this.changes.set(next.id, next);
  }

  remove(prev: Stored): void {
    const coll = this.ensure();
    if (!this.changes) return coll.remove(prev);
    this.touch(prev, coll);
    this.changes.set(prev.id, null);
  }

  /** Records what the snapshot held; a document changed since the snapshot is a write conflict, as in MongoDB. */
  private touch(s: Stored, coll: Collection): void {
    const txn = this.txn!;
    const key = this.ns + '\0' + s.id;
    if (txn.seen.has(key)) return;
    const inSnapshot = coll.get(s.doc._id, txn.snapshot)?.raw;
    const latest = coll.get(s.doc._id)?.raw;
    if (!sameBytes(inSnapshot, latest)) {
      txn.abort();
      throw writeConflict();
    }
    txn.seen.set(key, inSnapshot);
    txn.ids.set(key, s.doc._id);
  }

  /** Unique checks against committed documents not touched here, then against this transaction's own. */
  private checkInTxn(coll: Collection, s: Stored): void {
    const changes = this.changes!;
    coll.checkUnique(s, (id) => changes.has(id));
    for (const index of coll.indexes.values()) {
      if (!index.unique) continue;
      const mine = new Set(index.keysFor(s.doc));
      for (const other of changes.values()) {
        if (!other || other.id === s.id) continue;
        if (index.keysFor(other.doc).some((k) => mine.has(k))) index.duplicate(s.doc);
      }
    }
  }
}
