import { deserialize } from 'bson';
import { Collection } from './collection.js';
import type { Stored } from './indexes.js';
import type { JournalOp } from './storage.js';
import { keyOf, type Doc } from './query/values.js';

export function toStored(raw: Buffer): Stored {
  const doc = deserialize(raw) as Doc;
  return { id: keyOf(doc._id), doc, raw };
}

/** Databases and their collections, as rebuilt from the snapshot and journal and changed by commands. */
export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created when missing; the op to journal is returned when it was created. */
  ensure(db: string, name: string, options: Doc = {}, uuid?: string): { coll: Collection; op?: JournalOp } {
    const existing = this.get(db, name);
    if (existing) return { coll: existing };
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options, uuid as Collection['uuid'] | undefined);
    colls.set(name, coll);
    return { coll, op: { t: 'cc', db, c: name, options, uuid: coll.uuid } };
  }

  drop(db: string, name: string): boolean {
    return this.dbs.get(db)?.delete(name) ?? false;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  /** Replays one journal or snapshot record. Replaying twice gives the same state. */
  apply(op: JournalOp): void {
    switch (op.t) {
      case 'cc':
        this.ensure(op.db, op.c, op.options, op.uuid);
        break;
      case 'dc':
        this.drop(op.db, op.c);
        break;
      case 'dd':
        this.dropDatabase(op.db);
        break;
      case 'ci':
        this.ensure(op.db, op.c).coll.createIndex(op.spec);
        break;
      case 'di':
        try {
          this.get(op.db, op.c)?.dropIndex(op.name);
        } catch {
          // already gone: nothing to replay
        }
        break;
      case 'put': {
        const coll = this.ensure(op.db, op.c).coll;
        for (const raw of op.docs) {
          const next = toStored(Buffer.from(raw));
          const prev = coll.docs.get(next.id);
          if (prev) coll.replace(prev, next);
          else coll.insert(next);
        }
        break;
      }
      case 'del': {
        const coll = this.get(op.db, op.c);
        for (const id of op.ids) {
          const prev = coll?.docs.get(keyOf(id));
          if (prev) coll!.remove(prev);
        }
        break;
      }
      case 'tx':
        op.ops.forEach((o) => this.apply(o));
        break;
      case 'meta':
        break;
    }
  }

  /** The whole state as records, for a snapshot. */
  *records(): Generator<JournalOp> {
    for (const [db, colls] of this.dbs) {
      for (const coll of colls.values()) {
        yield { t: 'cc', db, c: coll.name, options: coll.options, uuid: coll.uuid };
        for (const index of coll.indexes.values()) yield { t: 'ci', db, c: coll.name, spec: index.spec };
        let batch: Buffer[] = [];
        let size = 0;
        for (const s of coll.docs.values()) {
          batch.push(s.raw);
          size += s.raw.length;
          if (size > 4 * 1024 * 1024) {
            yield { t: 'put', db, c: coll.name, docs: batch };
            batch = [];
            size = 0;
          }
        }
        if (batch.length) yield { t: 'put', db, c: coll.name, docs: batch };
      }
    }
  }
}
