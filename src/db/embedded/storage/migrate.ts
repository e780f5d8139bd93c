import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog.js';
import { toStored } from '../collection.js';
import { legacyFiles, readRecords, type JournalOp } from './legacy.js';
import type { Store } from './store.js';

const BATCH_OPS = 2_000;

/**
 * Imports a data folder written by the journal + snapshot format: the
 * snapshot, then the journal of its generation, replayed into the store in
 * batches. Replaying is idempotent, so a start cut off half-way imports
 * again from the beginning. The old files are then moved to `legacy-<time>/`.
 * Returns the number of records imported (0 when there was nothing to do).
 */
export async function migrateLegacy(dir: string, store: Store, catalog: Catalog): Promise<number> {
  const { snapshot, journals } = legacyFiles(dir);
  if (!snapshot && journals.length === 0) return 0;
  let gen = 0;
  let batch: JournalOp[] = [];
  let n = 0;
  const flush = async () => {
    const ops = batch;
    batch = [];
    await store.write(() => {
      for (const op of ops) apply(catalog, op);
      catalog.flush();
    });
  };
  const replay = async (file: string) => {
    for (const op of readRecords(file)) {
      if (op.t === 'meta') gen = op.gen;
      else batch.push(op);
      n++;
      if (batch.length >= BATCH_OPS) await flush();
    }
  };
  if (snapshot) await replay(snapshot);
  const journal = path.join(dir, `journal-${gen}.bin`);
  if (fs.existsSync(journal)) await replay(journal);
  await flush();
  const aside = path.join(dir, `legacy-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(aside);
  for (const f of [snapshot, ...journals]) if (f) fs.renameSync(f, path.join(aside, path.basename(f)));
  return n;
}

function apply(catalog: Catalog, op: JournalOp): void {
  switch (op.t) {
    case 'cc':
      catalog.ensure(op.db, op.c, op.options, op.uuid);
      break;
    case 'dc':
      catalog.drop(op.db, op.c);
      break;
    case 'dd':
      catalog.dropDatabase(op.db);
      break;
    case 'ci':
      catalog.ensure(op.db, op.c).coll.createIndex(op.spec);
      break;
    case 'di':
      try {
        catalog.get(op.db, op.c)?.dropIndex(op.name);
      } catch {
        // already gone
      }
      break;
    case 'put': {
      const coll = catalog.ensure(op.db, op.c).coll;
      for (const raw of op.docs) {
        const next = toStored(Buffer.from(raw));
        const prev = coll.get(next.doc._id);
        if (prev) coll.replace(prev, next);
        else coll.insert(next);
      }
      break;
    }
    case 'del': {
      const coll = catalog.get(op.db, op.c);
      for (const id of op.ids) {
        const prev = coll?.get(id);
        if (prev) coll!.remove(prev);
      }
      break;
    }
    case 'tx':
      op.ops.forEach((o) => apply(catalog, o));
      break;
    case 'meta':
      break;
  }
}
