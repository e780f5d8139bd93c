import type { Catalog } from './catalog.js';
import type { Collection } from './collection.js';
import { DuplicateKeyError, duplicateIdError, writeConflict } from './errors.js';
import type { Stored } from './indexes.js';
import type { JournalOp } from './storage.js';
import type { Doc } from './query/values.js';

/** The uncommitted writes of one transaction: per namespace, the new state of each touched document. */
export class Transaction {
  readonly overlay = new Map<string, Map<string, Stored | null>>();
  /** The committed version each touched document had when the transaction first touched it. */
  readonly seen = new Map<string, Stored | undefined>();
  state: 'active' | 'committed' | 'aborted' = 'active';

  constructor(readonly txnNumber: bigint) {}

  /** Applies the transaction to the catalog all at once, or not at all. */
  commit(catalog: Catalog): JournalOp {
    const ops: JournalOp[] = [];
    const undo: Array<() => void> = [];
    try {
      for (const [ns, changes] of this.overlay) {
        const [db, ...rest] = ns.split('.');
        const coll = catalog.ensure(db!, rest.join('.')).coll;
        const puts: Buffer[] = [];
        const dels: unknown[] = [];
        for (const [id, next] of changes) {
          const cur = coll.docs.get(id);
          if (cur !== this.seen.get(ns + '\0' + id)) throw writeConflict();
          if (next === null) {
            if (!cur) continue;
            coll.remove(cur);
            undo.push(() => coll.insert(cur));
            dels.push(cur.doc._id);
          } else if (cur) {
            coll.replace(cur, next);
            undo.push(() => coll.replace(next, cur));
            puts.push(next.raw);
          } else {
            coll.insert(next);
            undo.push(() => coll.remove(next));
            puts.push(next.raw);
          }
        }
        if (puts.length) ops.push({ t: 'put', db: db!, c: coll.name, docs: puts });
        if (dels.length) ops.push({ t: 'del', db: db!, c: coll.name, ids: dels });
      }
    } catch (err) {
      for (const u of undo.reverse()) u();
      throw err instanceof DuplicateKeyError ? writeConflict() : err;
    }
    this.state = 'committed';
    return { t: 'tx', ops };
  }
}

/**
 * One collection as a command sees it: committed documents, or inside a
 * transaction the committed ones overlaid with the transaction's own writes.
 * Writes outside a transaction go straight to the collection and are queued
 * for the journal in `journal`.
 */
export class View {
  private readonly changes: Map<string, Stored | null> | undefined;

  constructor(
    private readonly catalog: Catalog,
    readonly db: string,
    readonly name: string,
    readonly journal: JournalOp[],
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

  /** The collection, created (and journaled) on first write as MongoDB does. */
  private ensure(): Collection {
    const { coll, op } = this.catalog.ensure(this.db, this.name);
    if (op) this.journal.push(op);
    return coll;
  }

  get(id: string): Stored | undefined {
    if (this.changes?.has(id)) return this.changes.get(id) ?? undefined;
    return this.coll?.docs.get(id);
  }

  /** Committed candidates (exact when the index answered the whole filter), then this transaction's own documents. */
  candidates(filter: Doc): { docs: Iterable<Stored>; exact: boolean; extra: Stored[] } {
    const base = this.coll?.candidates(filter) ?? { docs: [], exact: true };
    if (!this.changes) return { ...base, extra: [] };
    const changes = this.changes;
    const extra = [...changes.values()].filter((s): s is Stored => s !== null);
    return { docs: [...base.docs].filter((s) => !changes.has(s.id)), exact: base.exact, extra };
  }

  insert(s: Stored): void {
    const coll = this.ensure();
    if (!this.changes) {
      coll.insert(s);
      this.journal.push({ t: 'put', db: this.db, c: this.name, docs: [s.raw] });
      return;
    }
    if (this.get(s.id)) throw duplicateIdError(this.ns, s.doc._id);
    this.checkInTxn(coll, s);
    this.touch(s.id, coll);
    this.changes.set(s.id, s);
  }

  replace(prev: Stored, next: Stored): void {
    const coll = this.ensure();
    if (!this.changes) {
      coll.replace(prev, next);
      this.journal.push({ t: 'put', db: this.db, c: this.name, docs: [next.raw] });
      return;
    }
    this.checkInTxn(coll, next);
    this.touch(next.id, coll);
    this.changes.set(next.id, next);
  }

  remove(prev: Stored): void {
    const coll = this.ensure();
    if (!this.changes) {
      coll.remove(prev);
      this.journal.push({ t: 'del', db: this.db, c: this.name, ids: [prev.doc._id] });
      return;
    }
    this.touch(prev.id, coll);
    this.changes.set(prev.id, null);
  }

  private touch(id: string, coll: Collection): void {
    const key = this.ns + '\0' + id;
    if (!this.txn!.seen.has(key)) this.txn!.seen.set(key, coll.docs.get(id));
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
