import type { Catalog } from './catalog.js';
import type { JournalOp } from './storage.js';
import { valuesAt } from './query/values.js';

/** Deletes documents whose TTL-indexed date lies more than expireAfterSeconds in the past. */
export function expireTtl(catalog: Catalog, journal: JournalOp[], now = Date.now()): number {
  let removed = 0;
  for (const colls of catalog.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const ttl = index.spec.expireAfterSeconds;
        if (typeof ttl !== 'number' || index.fields.length !== 1) continue;
        const ids: unknown[] = [];
        for (const s of [...coll.docs.values()]) {
          const dates = valuesAt(s.doc, index.fields[0]!).filter((v): v is Date => v instanceof Date);
          if (dates.length === 0) continue;
          const earliest = Math.min(...dates.map((d) => d.getTime()));
          if (earliest + ttl * 1000 <= now) {
            coll.remove(s);
            ids.push(s.doc._id);
          }
        }
        if (ids.length) journal.push({ t: 'del', db: coll.db, c: coll.name, ids });
        removed += ids.length;
      }
    }
  }
  return removed;
}
