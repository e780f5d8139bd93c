import { badValue, CommandError, duplicateIdError, indexNotFound } from './errors.js';
import { defaultIndexName, ID_INDEX, Index, toStored, type IndexSpec, type Stored } from './indexes.js';
import { plan, type Candidates } from './planner/plan.js';
import { encodeValue, MAX_KEY_BYTES, prefixEnd, u32 } from './storage/keys.js';
import { KeyCounts } from './storage/counts.js';
import type { ReadTxn, Store } from './storage/store.js';
import { isPlainObject, keyOf, type Doc } from './query/values.js';

export { toStored };

const fetchKey = Buffer.allocUnsafe(4 + MAX_KEY_BYTES);

/** What the catalog keeps of a collection. */
export interface CollectionMeta {
  db: string;
  name: string;
  options: Doc;
  uuid: string;
  no: number;
  count: number;
  indexes: Array<{ no: number; spec: IndexSpec; multikey: boolean; counted?: boolean }>;
}

export interface CatalogHooks {
  changed(coll: Collection): void;
  /** The collection has key counts to write with the transaction. */
  counting(coll: Collection): void;
  nextNo(): number;
}

/**
 * One collection in the store: documents keyed by encoded `_id` under the
 * collection's number, and its secondary indexes' entries kept in step with
 * every write. Every write checks first and writes after, because a grouped
 * LMDB transaction cannot be rolled back.
 */
export class Collection {
  readonly indexes = new Map<string, Index>();
  readonly prefix: Buffer;
  readonly counts: KeyCounts;
  /** Each document's keys per index, computed once per write (checks and entries need them alike). */
  private readonly keyCache = new WeakMap<Stored, Map<Index, Buffer[]>>();

  constructor(
    readonly store: Store,
    readonly meta: CollectionMeta,
    private readonly hooks: CatalogHooks,
  ) {
    this.prefix = u32(meta.no);
    this.counts = new KeyCounts(store);
    for (const i of meta.indexes) this.indexes.set(i.spec.name, new Index(i.spec, i.no, this.ns, i.multikey, i.counted));
  }

  get db(): string {
    return this.meta.db;
  }
  get name(): string {
    return this.meta.name;
  }
  get options(): Doc {
    return this.meta.options;
  }
  get uuid(): string {
    return this.meta.uuid;
  }
  get count(): number {
    return this.meta.count;
  }
  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** The catalog record, with the indexes as they are now. */
  record(): CollectionMeta {
    this.meta.indexes = [...this.indexes.values()].map((i) => ({ no: i.no, spec: i.spec, multikey: i.multikey, counted: i.counted }));
    return this.meta;
  }

  specs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  docKey(id: unknown): Buffer {
    const enc = encodeValue(id);
    if (enc.length > MAX_KEY_BYTES) throw badValue(`_id is too large: ${enc.length} bytes encoded, at most ${MAX_KEY_BYTES}`);
    return Buffer.concat([this.prefix, enc]);
  }

  get(id: unknown, txn?: ReadTxn): Stored | undefined {
    return this.read(this.docKey(id), txn);
  }

  /** A document by the encoded `_id` an index entry carries. */
  fetch(idEnc: Buffer, txn?: ReadTxn): Stored | undefined {
    // The key is only read by the store while it looks the document up: one scratch buffer serves every fetch.
    const n = this.prefix.length + idEnc.length;
    if (n > fetchKey.length) return this.read(Buffer.concat([this.prefix, idEnc]), txn);
    this.prefix.copy(fetchKey);
    idEnc.copy(fetchKey, this.prefix.length);
    return this.read(fetchKey.subarray(0, n), txn);
  }

  private read(key: Buffer, txn?: ReadTxn): Stored | undefined {
    if (!txn) {
      // The store's own copy of a value is a new allocation outside the heap each time; a copy
      // into a pooled buffer is cheaper for the small documents an index walk reads one by one.
      const shared = this.store.docs.getBinaryFast(key);
      if (!shared) return undefined;
      // Its `length` is the value's, not the shared buffer's: copy through a view of exactly that size.
      const raw = Buffer.allocUnsafe(shared.length);
      raw.set(new Uint8Array(shared.buffer, shared.byteOffset, shared.length));
      return toStored(raw);
    }
    // Inside a write transaction lmdb's get() reads the write transaction whatever it is given; a range read honours the snapshot.
    for (const { key: k, value } of this.store.docs.getRange({ start: key, limit: 1, transaction: txn })) {
      return k.equals(key) ? toStored(value) : undefined;
    }
    return undefined;
  }

  /** Every document in `_id` order, read one at a time. */
  *scan(txn?: ReadTxn): Generator<Stored> {
    const range = this.store.docs.getRange({ start: this.prefix, end: prefixEnd(this.prefix), transaction: txn });
    for (const { value } of range) yield toStored(value);
  }

  /** Adds an index over the existing documents; false when an identical one exists. */
  createIndex(input: Doc): boolean {
    const key = input.key;
    if (!isPlainObject(key) || Object.keys(key).length === 0) {
      throw new CommandError(67, 'CannotCreateIndex', 'index key must be a non-empty object');
    }
    const name = typeof input.name === 'string' ? input.name : defaultIndexName(key);
    if (name === '_id_' || (Object.keys(key).length === 1 && key._id !== undefined && !input.unique)) return false;
    const spec: IndexSpec = { v: 2, ...input, key, name };
    const existing = this.indexes.get(name);
    if (existing) {
      if (keyOf(existing.spec.key) !== keyOf(key)) {
        throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index: ${name}`);
      }
      if (Boolean(existing.spec.unique) !== Boolean(spec.unique) || existing.spec.expireAfterSeconds !== spec.expireAfterSeconds) {
        throw new CommandError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name or options: ${name}`);
      }
      return false;
    }
    for (const other of this.indexes.values()) {
      if (keyOf(other.spec.key) === keyOf(key)) {
        throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${other.name}`);
      }
    }
    // A unique index holds at most one entry per key: counting its range is as quick.
    const index = new Index(spec, this.hooks.nextNo(), this.ns, false, !spec.unique);
    try {
      for (const s of this.scan()) {
        this.checkIndexUnique(index, s);
        this.addEntries(index, s);
      }
    } catch (err) {
      this.removeEntryRanges(index);
      throw err;
    }
    this.indexes.set(name, index);
    this.hooks.changed(this);
    return true;
  }

  dropIndex(nameOrKey: unknown): string[] {
    const targets =
      nameOrKey === '*'
        ? [...this.indexes.values()]
        : [
            typeof nameOrKey === 'string'
              ? this.indexes.get(nameOrKey)
              : [...this.indexes.values()].find((i) => keyOf(i.spec.key) === keyOf(nameOrKey)),
          ];
    if (targets.some((t) => !t)) {
      throw indexNotFound(`index not found with name [${String(typeof nameOrKey === 'string' ? nameOrKey : JSON.stringify(nameOrKey))}]`);
    }
    for (const index of targets as Index[]) {
      this.indexes.delete(index.name);
      this.removeEntryRanges(index);
    }
    this.hooks.changed(this);
    return (targets as Index[]).map((i) => i.name);
  }

  /** Removes every document and index entry; the catalog forgets the collection. */
  destroy(): void {
    for (const index of this.indexes.values()) this.removeEntryRanges(index);
    this.removeRange(this.store.docs, this.prefix);
  }

  private removeEntryRanges(index: Index): void {
    this.removeRange(this.store.entries, index.prefix);
    this.removeRange(this.store.counts, index.prefix);
    this.counts.forget(index.prefix);
  }

  private removeRange(db: Store['docs'], prefix: Buffer): void {
    const end = prefixEnd(prefix);
    for (;;) {
      const keys = [...db.getKeys({ start: prefix, end, limit: 10_000 })];
      if (keys.length === 0) return;
      for (const k of keys) db.removeSync(k);
    }
  }

  /** The documents holding one of `s`'s keys in a unique index, other than `s` itself. */
  private holders(index: Index, key: Buffer, selfId: string): Stored[] {
    const start = Buffer.concat([index.prefix, key.length > MAX_KEY_BYTES ? key.subarray(0, MAX_KEY_BYTES) : key]);
    const out: Stored[] = [];
    for (const { value } of this.store.entries.getRange({ start, end: prefixEnd(start) })) {
      const holder = this.fetch(value);
      if (holder && holder.id !== selfId) out.push(holder);
    }
    return out;
  }

  private checkIndexUnique(index: Index, s: Stored, ignore?: (id: string) => boolean): void {
    if (!index.unique) return;
    let mine: string[] | undefined;
    for (const key of this.keysOf(index, s)) {
      for (const h of this.holders(index, key, s.id)) {
        if (ignore?.(h.id)) continue;
        // A cut key only says "maybe": compare the full keys.
        mine ??= index.keysFor(s.doc);
        if (key.length <= MAX_KEY_BYTES || index.keysFor(h.doc).some((k) => mine!.includes(k))) index.duplicate(s.doc);
      }
    }
  }

  /** Unique checks for `s` as if the documents `ignore` says were gone; throws DuplicateKeyError. */
  checkUnique(s: Stored, ignore?: (id: string) => boolean): void {
    for (const index of this.indexes.values()) this.checkIndexUnique(index, s, ignore);
  }

  private keysOf(index: Index, s: Stored): Buffer[] {
    let perIndex = this.keyCache.get(s);
    if (!perIndex) this.keyCache.set(s, (perIndex = new Map()));
    let keys = perIndex.get(index);
    if (!keys) perIndex.set(index, (keys = index.encodedKeys(s.doc)));
    return keys;
  }

  private entryKeys(index: Index, s: Stored, idEnc: Buffer, delta: number): Buffer[] {
    return this.keysOf(index, s).map((k) => {
      const key = Buffer.concat([index.prefix, k.length > MAX_KEY_BYTES ? k.subarray(0, MAX_KEY_BYTES) : k]);
      if (index.counted) this.counts.change(key, delta);
      return Buffer.concat([key, idEnc]);
    });
  }

  private addEntries(index: Index, s: Stored): void {
    if (!index.multikey && index.hasArray(s.doc)) {
      index.multikey = true;
      this.hooks.changed(this);
    }
    const idEnc = encodeValue(s.doc._id);
    for (const k of this.entryKeys(index, s, idEnc, 1)) this.store.entries.putSync(k, idEnc);
    if (index.counted) this.hooks.counting(this);
  }

  private removeEntries(index: Index, s: Stored): void {
    const idEnc = encodeValue(s.doc._id);
    for (const k of this.entryKeys(index, s, idEnc, -1)) this.store.entries.removeSync(k);
    if (index.counted) this.hooks.counting(this);
  }

  insert(s: Stored): void {
    const key = this.docKey(s.doc._id);
    if (this.store.docs.doesExist(key)) throw duplicateIdError(this.ns, s.doc._id);
    this.checkUnique(s);
    this.store.docs.putSync(key, s.raw);
    for (const index of this.indexes.values()) this.addEntries(index, s);
    this.meta.count++;
    this.hooks.changed(this);
  }

  replace(prev: Stored, next: Stored): void {
    this.checkUnique(next);
    for (const index of this.indexes.values()) {
      this.removeEntries(index, prev);
      this.addEntries(index, next);
    }
    this.store.docs.putSync(this.docKey(next.doc._id), next.raw);
  }

  remove(prev: Stored): void {
    for (const index of this.indexes.values()) this.removeEntries(index, prev);
    if (this.store.docs.removeSync(this.docKey(prev.doc._id))) {
      this.meta.count--;
      this.hooks.changed(this);
    }
  }

  /**
   * The documents that may match `filter`, from the best index range the
   * planner finds, in the order `sort` asks when `sorted` says so.
   */
  candidates(filter: Doc, sort?: Doc, txn?: ReadTxn): Candidates {
    return plan(this, filter, sort, txn);
  }
}
