import { Query } from 'mingo';
import { DuplicateKeyError } from './errors.js';
import { collationKey, parseCollation, type Collation } from './query/collation.js';
import { textSpecOf, type TextSpec } from './query/text.js';
import { keyOf, valuesAt, type Doc } from './query/values.js';

/** A document as kept in memory: its exact BSON bytes and a promoted copy for matching. Never mutated. */
export interface Stored {
  id: string;
  doc: Doc;
  raw: Buffer;
}

export interface IndexSpec extends Doc {
  name: string;
  key: Doc;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Doc;
  weights?: Doc;
}

const SEP = '\u0001';

/**
 * An index kept as a hash map from the canonical key to the ids that carry it,
 * so equality lookups and unique checks never scan the collection.
 */
export class Index {
  readonly fields: string[];
  readonly text: TextSpec | undefined;
  private readonly map = new Map<string, Set<string>>();
  private readonly partial: Query | undefined;
  /** Strings are keyed by their collation key, so unique checks follow the index's collation. */
  private readonly collation: Collation | undefined;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    const entries = Object.entries(spec.key);
    this.text = entries.some(([, v]) => v === 'text') ? textSpecOf(spec.key, spec.weights) : undefined;
    this.fields = entries.filter(([, v]) => v !== 'text').map(([k]) => k);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
    this.collation = parseCollation(spec.collation);
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** The composite keys of a document; none when sparse or partial rules leave it out. */
  keysFor(doc: Doc): string[] {
    if (this.text) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => valuesAt(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    let keys = [''];
    for (const vals of perField) {
      const parts = [...new Set(vals.map((v) => keyOf(collationKey(this.collation, v))))];
      keys = keys.flatMap((k) => parts.map((p) => (k ? k + SEP + p : p)));
    }
    return keys;
  }

  lookupKey(values: unknown[]): string {
    return values.map((v) => keyOf(collationKey(this.collation, v))).join(SEP);
  }

  lookup(key: string): ReadonlySet<string> | undefined {
    return this.map.get(key);
  }

  /** Throws DuplicateKeyError when another document (not `ignore`) holds one of the keys. */
  check(doc: Doc, keys: string[], ignore?: (id: string) => boolean, selfId?: string): void {
    if (!this.unique) return;
    for (const k of keys) {
      const holders = this.map.get(k);
      if (!holders) continue;
      for (const id of holders) {
        if (id !== selfId && !(ignore && ignore(id))) this.duplicate(doc);
      }
    }
  }

  duplicate(doc: Doc): never {
    const keyPattern: Doc = {};
    const keyValue: Doc = {};
    for (const f of this.fields) {
      keyPattern[f] = this.spec.key[f];
      const v = valuesAt(doc, f)[0];
      keyValue[f] = v === undefined ? null : v;
    }
    throw new DuplicateKeyError(this.ns, this.name, keyPattern, keyValue);
  }

  add(id: string, keys: string[]): void {
    for (const k of keys) {
      let set = this.map.get(k);
      if (!set) this.map.set(k, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: string, keys: string[]): void {
    for (const k of keys) {
      const set = this.map.get(k);
      if (!set) continue;
      set.delete(id);
      if (set.size === 0) this.map.delete(k);
    }
  }

  clear(): void {
    this.map.clear();
  }
}

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_');
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
