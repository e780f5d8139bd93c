import { prefixEnd, u32 } from './keys.js';
import type { ReadTxn, Store } from './store.js';

/**
 * How many entries each key of an index holds, kept in the store's `counts`
 * database beside the entries themselves, so that a count by equality on
 * every field of an index is one read however many documents match. Only
 * keys held by two entries or more have a number: for the others (a field
 * whose values are all different) the entries themselves are counted, at
 * most one, and no write is spent on them. Writes gather their changes per
 * command and apply them with the command's other writes (see `flush`), in
 * the same transaction.
 */
export class KeyCounts {
  private readonly pending = new Map<string, { key: Buffer; delta: number }>();

  constructor(private readonly store: Store) {}

  /** Notes one entry more (or less) under `key` (the index prefix and the encoded values, without the `_id`). */
  change(key: Buffer, delta: number): void {
    const id = key.toString('latin1');
    const p = this.pending.get(id);
    if (p) p.delta += delta;
    else this.pending.set(id, { key, delta });
  }

  /** Drops the noted changes under `prefix` (an index whose entries are being removed). */
  forget(prefix: Buffer): void {
    for (const [id, p] of this.pending) if (p.key.subarray(0, prefix.length).equals(prefix)) this.pending.delete(id);
  }

  /** Applies the noted changes in the current write transaction, once the entries are written. */
  flush(): void {
    for (const { key, delta } of this.pending.values()) {
      if (delta === 0) continue;
      const kept = this.store.counts.get(key);
      const n = kept ? kept.readUInt32BE(0) + delta : this.entries(key);
      if (n >= 2) this.store.counts.putSync(key, u32(n));
      else if (kept) this.store.counts.removeSync(key);
    }
    this.pending.clear();
  }

  /** Entries under exactly `key`, as of `txn` when given. */
  read(key: Buffer, txn?: ReadTxn): number {
    if (!txn) {
      const v = this.store.counts.get(key);
      return v ? v.readUInt32BE(0) : this.entries(key);
    }
    // A range read honours the snapshot where get() would read the write transaction.
    for (const { key: k, value } of this.store.counts.getRange({ start: key, limit: 1, transaction: txn })) {
      if (k.equals(key)) return value.readUInt32BE(0);
    }
    return this.entries(key, txn);
  }

  /** The entries under a key without a kept number: one at most, so counting them is quick. */
  private entries(key: Buffer, txn?: ReadTxn): number {
    return this.store.entries.getCount({ start: key, end: prefixEnd(key), transaction: txn });
  }

  /** Counts the entries an index already holds (an index kept before counts were). */
  rebuild(prefix: Buffer, end: Buffer): void {
    let last: Buffer | undefined;
    let n = 0;
    const put = () => last && n >= 2 && this.store.counts.putSync(last, u32(n));
    for (const { key, value } of this.store.entries.getRange({ start: prefix, end })) {
      // An entry's value is its document's encoded _id, which ends its key.
      const k = key.subarray(0, key.length - value.length);
      if (last && k.equals(last)) n++;
      else {
        put();
        last = Buffer.from(k);
        n = 1;
      }
    }
    put();
  }
}
