import { deserialize } from 'bson';
import { Query } from 'mingo';
import { DuplicateKeyError } from './errors.js';
import { collationKey, parseCollation, type Collation } from './query/collation.js';
import { textSpecOf, type TextSpec } from './query/text.js';
import { keyOf, valuesAt, type Doc } from './query/values.js';
import { encodeCompound, u32 } from './storage/keys.js';

/** A document as read from the store: its exact BSON bytes and a promoted copy for matching. Never mutated. */
export interface Stored {
  id: string;
  doc: Doc;
  raw: Buffer;
  /** The whole document when it was decoded already. */
  readonly decoded?: Doc;
}

/**
 * A document read from the store, decoded only when something looks inside:
 * a query answered wholly by an index range sends the stored bytes as they are.
 */
class StoredBytes implements Stored {
  private whole?: Doc;
  private key?: string;

  constructor(readonly raw: Buffer) {}

  get doc(): Doc {
    return (this.whole ??= deserialize(this.raw) as Doc);
  }

  get decoded(): Doc | undefined {
    return this.whole;
  }

  get id(): string {
    return (this.key ??= keyOf(this.doc._id));
  }
}

export function toStored(raw: Buffer): Stored {
  return new StoredBytes(raw);
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
 * An index's definition and the keys it gives a document. The entries live
 * in the store as ordered keys (see storage/entries.ts); this class only
 * knows how a document maps to them.
 */
export class Index {
  readonly fields: string[];
  readonly descending: boolean[];
  readonly text: TextSpec | undefined;
  readonly prefix: Buffer;
  private readonly partial: Query | undefined;
  /** Strings are keyed by their collation key, so unique checks follow the index's collation. */
  private readonly collation: Collation | undefined;

  constructor(
    readonly spec: IndexSpec,
    readonly no: number,
    private readonly ns: string,
    /** True once a document had an array on an indexed path: one document may then hold several keys. */
    public multikey = false,
    /** True when the store keeps how many entries each key holds (see storage/counts.ts). */
    public counted = false,
  ) {
    const entries = Object.entries(spec.key);
    this.text = entries.some(([, v]) => v === 'text') ? textSpecOf(spec.key, spec.weights) : undefined;
    this.fields = entries.filter(([, v]) => v !== 'text').map(([k]) => k);
    this.descending = entries.filter(([, v]) => v !== 'text').map(([, v]) => Number(v) < 0);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
    this.prefix = u32(no);
    this.collation = parseCollation(spec.collation);
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** True when a filter's documents may lack an entry here (sparse, partial or text). */
  get incomplete(): boolean {
    return Boolean(this.text || this.spec.sparse || this.partial);
  }

  /** The value tuples of a document, one per multikey combination; none when sparse or partial rules leave it out. */
  tuples(doc: Doc): unknown[][] {
    const tuples = this.valueTuples(doc);
    const c = this.collation;
    return c ? tuples.map((t) => t.map((v) => collationKey(c, v))) : tuples;
  }

  private valueTuples(doc: Doc): unknown[][] {
    if (this.text) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => valuesAt(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    // The common case, one value per field, without the multikey product.
    if (perField.every((vals) => vals.length === 1)) return [perField.map((vals) => vals[0])];
    let tuples: unknown[][] = [[]];
    for (const vals of perField) {
      const seen = new Map<string, unknown>();
      for (const v of vals) seen.set(keyOf(v), v);
      tuples = tuples.flatMap((t) => [...seen.values()].map((v) => [...t, v]));
    }
    return tuples;
  }

  /** Canonical string keys, equal for values MongoDB treats as equal. */
  keysFor(doc: Doc): string[] {
    return this.tuples(doc).map((t) => this.lookupKey(t));
  }

  lookupKey(values: unknown[]): string {
    return values.map(keyOf).join(SEP);
  }

  /** The ordered byte keys of a document's entries. */
  encodedKeys(doc: Doc): Buffer[] {
    return this.tuples(doc).map((t) => encodeCompound(t, this.descending));
  }

  /** Whether a document has an array on one of the indexed paths. */
  hasArray(doc: Doc): boolean {
    return this.fields.some((f) => arrayOnPath(doc, f.split('.')));
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
}

function arrayOnPath(v: unknown, parts: string[]): boolean {
  if (Array.isArray(v)) return true;
  if (parts.length === 0 || v === null || typeof v !== 'object') return false;
  return arrayOnPath((v as Doc)[parts[0]!], parts.slice(1));
}

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_');
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
