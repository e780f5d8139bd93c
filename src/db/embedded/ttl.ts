import type { Catalog } from './catalog.js';
import type { Stored } from './indexes.js';
import { valuesAt } from './query/values.js';

/**
 * Deletes documents whose TTL-indexed date lies more than expireAfterSeconds
 * in the past, reading only the expired end of the index.
 */
export function expireTtl(catalog: Catalog, now = Date.now()): number {
  let removed = 0;
  for (const colls of catalog.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of [...coll.indexes.values()]) {
        const ttl = index.spec.expireAfterSeconds;
        if (typeof ttl !== 'number' || index.fields.length !== 1) continue;
        const field = index.fields[0]!;
        const cutoff = now - ttl * 1000;
        const expired: Stored[] = [];
        for (const s of coll.candidates({ [field]: { $lte: new Date(cutoff) } }).docs) {
          const dates = valuesAt(s.doc, field).filter((v): v is Date => v instanceof Date);
          if (dates.length && Math.min(...dates.map((d) => d.getTime())) <= cutoff) expired.push(s);
        }
        for (const s of expired) coll.remove(s);
        removed += expired.length;
      }
    }
  }
  return removed;
}
