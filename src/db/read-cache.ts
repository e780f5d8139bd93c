import type { Schema } from 'mongoose';

/**
 * A short-lived copy, in this process, of documents nearly every request reads and people
 * rarely change: the agency directory, template versions. A write through the model in this
 * process empties it at once; another instance's write is seen within `ttlMs`. Callers get
 * the cached objects: they read them and never change them.
 */
export class ReadCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();
  private generation = 0;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly ttlMs: number,
    private readonly max = 500,
  ) {
    everyCache.add(this);
  }

  async get(key: K): Promise<V> {
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await this.load(key);
    // A write while loading may have made this value stale: it is used once, not kept.
    if (generation === this.generation) {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, at: now });
    }
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

const everyCache = new Set<{ clear(): void }>();

/** Empties every cache: for a database emptied or restored behind the models' back. */
export function clearReadCaches(): void {
  for (const c of everyCache) c.clear();
}

const WRITES = ['save', 'updateOne', 'updateMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'deleteMany', 'replaceOne', 'insertMany', 'bulkWrite'];

/** Empties the caches on every write through the schema's model, before and after it. */
export function clearOnWrite(schema: Schema, ...caches: { clear(): void }[]): void {
  const clear = () => caches.forEach((c) => c.clear());
  for (const op of WRITES) {
    schema.pre(op as 'save', function () { clear(); });
    schema.post(op as 'save', () => clear());
  }
}
