import { CommandError, duplicateIdError, indexNotFound } from './errors.js';
import { defaultIndexName, ID_INDEX, Index, type IndexSpec, type Stored } from './indexes.js';
import { isIndexableScalar, isPlainObject, keyOf, valuesAt, type Doc } from './query/values.js';

/**
 * One collection: documents in insertion order keyed by canonical _id, and
 * its secondary indexes kept in step with every write.
 */
export class Collection {
  readonly docs = new Map<string, Stored>();
  readonly indexes = new Map<string, Index>();
  private readonly keyCache = new WeakMap<Stored, Map<Index, string[]>>();

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
    readonly uuid = crypto.randomUUID(),
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  specs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
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
    const index = new Index(spec, this.ns);
    for (const s of this.docs.values()) {
      const keys = index.keysFor(s.doc);
      index.check(s.doc, keys, undefined, s.id);
      index.add(s.id, keys);
    }
    this.indexes.set(name, index);
    return true;
  }

  dropIndex(nameOrKey: unknown): string[] {
    if (nameOrKey === '*') {
      const names = [...this.indexes.keys()];
      this.indexes.clear();
      return names;
    }
    const found =
      typeof nameOrKey === 'string'
        ? this.indexes.get(nameOrKey)
        : [...this.indexes.values()].find((i) => keyOf(i.spec.key) === keyOf(nameOrKey));
    if (!found) throw indexNotFound(`index not found with name [${String(typeof nameOrKey === 'string' ? nameOrKey : JSON.stringify(nameOrKey))}]`);
    this.indexes.delete(found.name);
    return [found.name];
  }

  private keys(s: Stored, index: Index): string[] {
    let perIndex = this.keyCache.get(s);
    if (!perIndex) this.keyCache.set(s, (perIndex = new Map()));
    let keys = perIndex.get(index);
    if (!keys) perIndex.set(index, (keys = index.keysFor(s.doc)));
    return keys;
  }

  /** Unique checks for `s` as if the documents `ignore` says were gone; throws DuplicateKeyError. */
  checkUnique(s: Stored, ignore?: (id: string) => boolean): void {
    for (const index of this.indexes.values()) {
      if (index.unique) index.check(s.doc, this.keys(s, index), ignore, s.id);
    }
  }

  insert(s: Stored): void {
    if (this.docs.has(s.id)) {
      throw duplicateIdError(this.ns, s.doc._id);
    }
    this.checkUnique(s);
    this.docs.set(s.id, s);
    for (const index of this.indexes.values()) index.add(s.id, this.keys(s, index));
  }

  replace(prev: Stored, next: Stored): void {
    this.checkUnique(next);
    for (const index of this.indexes.values()) {
      index.remove(prev.id, this.keys(prev, index));
      index.add(next.id, this.keys(next, index));
    }
    this.docs.set(next.id, next);
  }

  remove(prev: Stored): void {
    for (const index of this.indexes.values()) index.remove(prev.id, this.keys(prev, index));
    this.docs.delete(prev.id);
  }

  clear(): void {
    this.docs.clear();
    for (const index of this.indexes.values()) index.clear();
  }

  /**
   * A superset of the documents matching `filter`, served by the _id map or an
   * index when the filter has an equality on all of an index's fields. `exact`
   * says the filter has nothing else, so the documents need no further test.
   */
  candidates(filter: Doc): { docs: Iterable<Stored>; exact: boolean } {
    const plan = this.plan(filter);
    if (!plan) return { docs: this.docs.values(), exact: false };
    const out: Stored[] = [];
    for (const id of plan.ids) {
      const s = this.docs.get(id);
      if (s) out.push(s);
    }
    const keys = Object.keys(filter);
    return { docs: out, exact: keys.length === plan.fields.length && keys.every((k) => plan.fields.includes(k)) };
  }

  private plan(filter: Doc): { ids: Iterable<string>; fields: string[] } | undefined {
    const idEq = equalityValues(filter._id);
    if (idEq) return { ids: idEq.map(keyOf), fields: ['_id'] };
    let best: { ids: ReadonlySet<string>; fields: string[] } | undefined;
    for (const index of this.indexes.values()) {
      // A collated index holds keys equal under its collation only; the query's own rules decide.
      if (index.text || index.spec.partialFilterExpression || index.spec.sparse || index.spec.collation) continue;
      const values = index.fields.map((f) => equalityValues(filter[f]));
      if (values.some((v) => !v || v.length !== 1)) continue;
      const hit = index.lookup(index.lookupKey(values.map((v) => v![0])));
      if (!hit) return { ids: [], fields: index.fields };
      if (!best || hit.size < best.ids.size) best = { ids: hit, fields: index.fields };
    }
    return best;
  }
}

/** The values an equality condition admits, when it is a plain equality or $in on scalars. */
function equalityValues(cond: unknown): unknown[] | undefined {
  if (cond === undefined) return undefined;
  if (isIndexableScalar(cond)) return [cond];
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length !== 1) return undefined;
    if (keys[0] === '$eq' && isIndexableScalar(cond.$eq)) return [cond.$eq];
    if (keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(isIndexableScalar)) return cond.$in;
  }
  return undefined;
}

export { compileFilter } from './query/filter.js';
