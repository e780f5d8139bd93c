import { deserialize } from 'bson';
import { Collection, type CatalogHooks, type CollectionMeta } from './collection.js';
import type { Index } from './indexes.js';
import { prefixEnd } from './storage/keys.js';
import type { Store } from './storage/store.js';
import { encode, type Doc } from './query/values.js';

const SEQ_KEY = 'seq';
const collKey = (no: number) => `c:${no}`;

/**
 * Databases and their collections. The catalog is small and kept in memory;
 * its records live in the store's `meta` database and are written in the
 * same transaction as the documents they describe (see `flush`).
 */
export class Catalog implements CatalogHooks {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private readonly dirty = new Set<Collection>();
  private readonly countsDirty = new Set<Collection>();
  private readonly dropped = new Set<number>();
  private seq = 0;
  private seqDirty = false;

  constructor(readonly store: Store) {
    const seq = store.meta.get(SEQ_KEY);
    if (seq) this.seq = Number(deserialize(seq).n);
    for (const { key, value } of store.meta.getRange({ start: 'c:', end: 'c;' })) {
      void key;
      const meta = deserialize(value) as CollectionMeta;
      this.add(new Collection(store, meta, this));
    }
  }

  private add(coll: Collection): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map()));
    colls.set(coll.name, coll);
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  nextNo(): number {
    this.seqDirty = true;
    return ++this.seq;
  }

  changed(coll: Collection): void {
    this.dirty.add(coll);
  }

  counting(coll: Collection): void {
    this.countsDirty.add(coll);
  }

  /** Indexes kept before key counts were (a store written by an earlier version): each needs counting once. */
  *uncounted(): Generator<{ coll: Collection; index: Index }> {
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        for (const index of coll.indexes.values()) if (!index.counted && !index.unique) yield { coll, index };
      }
    }
  }

  /** Counts the keys of those indexes; run in a write transaction. */
  countKeys(): void {
    for (const { coll, index } of [...this.uncounted()]) {
      coll.counts.rebuild(index.prefix, prefixEnd(index.prefix));
      index.counted = true;
      this.changed(coll);
    }
    this.flush();
  }

  /** The collection, created when missing. */
  ensure(db: string, name: string, options: Doc = {}, uuid?: string): { coll: Collection; created: boolean } {
    const existing = this.get(db, name);
    if (existing) return { coll: existing, created: false };
    const meta: CollectionMeta = { db, name, options, uuid: uuid ?? crypto.randomUUID(), no: this.nextNo(), count: 0, indexes: [] };
    const coll = new Collection(this.store, meta, this);
    this.add(coll);
    this.changed(coll);
    return { coll, created: true };
  }

  drop(db: string, name: string): boolean {
    const coll = this.get(db, name);
    if (!coll) return false;
    coll.destroy();
    this.dbs.get(db)!.delete(name);
    this.dirty.delete(coll);
    this.countsDirty.delete(coll);
    this.dropped.add(coll.meta.no);
    return true;
  }

  dropDatabase(db: string): void {
    for (const name of [...(this.dbs.get(db)?.keys() ?? [])]) this.drop(db, name);
    this.dbs.delete(db);
  }

  /** Writes the changed catalog records; called at the end of every write transaction. */
  flush(): void {
    for (const coll of this.countsDirty) coll.counts.flush();
    this.countsDirty.clear();
    for (const no of this.dropped) this.store.meta.removeSync(collKey(no));
    this.dropped.clear();
    for (const coll of this.dirty) this.store.meta.putSync(collKey(coll.meta.no), encode(coll.record() as unknown as Doc));
    this.dirty.clear();
    if (this.seqDirty) this.store.meta.putSync(SEQ_KEY, encode({ n: this.seq }));
    this.seqDirty = false;
  }
}
