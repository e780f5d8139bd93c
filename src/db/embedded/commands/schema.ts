import { Binary } from 'bson';
import { encode } from '../query/values.js';
import { compileFilter } from '../query/filter.js';
import { badValue, namespaceNotFound } from '../errors.js';
import { parseCollation } from '../query/collation.js';
import { checkCollectionOptions, checkIndexSpec } from '../query/unsupported.js';
import { collectionName, docArray, ns, optDoc } from './args.js';
import type { Ctx, Handler } from './index.js';

function ensureCollection(ctx: Ctx, name: string, options = {}) {
  return ctx.engine.catalog.ensure(ctx.db, name, options);
}

const create: Handler = (ctx) => {
  const name = collectionName(ctx, 'create');
  const { create: _c, $db, lsid, txnNumber, $clusterTime, autocommit, startTransaction, writeConcern, ...options } = ctx.cmd;
  checkCollectionOptions(options);
  parseCollation(options.collation);
  ensureCollection(ctx, name, options);
  return { ok: 1 };
};

const drop: Handler = (ctx) => {
  const name = collectionName(ctx, 'drop');
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound('ns not found');
  ctx.engine.catalog.drop(ctx.db, name);
  return { ns: ns(ctx, name), nIndexesWas: coll.indexes.size + 1, ok: 1 };
};

const dropDatabase: Handler = (ctx) => {
  ctx.engine.catalog.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

const listCollections: Handler = (ctx) => {
  const test = compileFilter(optDoc(ctx, 'filter'));
  const colls = [...(ctx.engine.catalog.dbs.get(ctx.db)?.values() ?? [])];
  const docs = colls
    .map((c) => ({
      name: c.name,
      type: 'collection',
      options: c.options,
      info: { readOnly: false, uuid: new Binary(Buffer.from(c.uuid.replace(/-/g, ''), 'hex'), Binary.SUBTYPE_UUID) },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }))
    .filter((d) => test(d))
    .map((d) => encode(ctx.cmd.nameOnly ? { name: d.name, type: d.type } : d));
  return ctx.engine.cursors.first(ns(ctx, '$cmd.listCollections'), docs, undefined, false);
};

const createIndexes: Handler = (ctx) => {
  const name = collectionName(ctx, 'createIndexes');
  const specs = docArray(ctx.cmd.indexes, 'indexes');
  if (specs.length === 0) throw badValue('Must specify at least one index to create');
  for (const spec of specs) {
    checkIndexSpec(spec);
    parseCollation(spec.collation);
  }
  const { coll, created } = ensureCollection(ctx, name);
  const before = coll.indexes.size + 1;
  for (const spec of specs) {
    coll.createIndex(spec);
  }
  return { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: coll.indexes.size + 1, ok: 1 };
};

const listIndexes: Handler = (ctx) => {
  const name = collectionName(ctx, 'listIndexes');
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ns(ctx, name)}`);
  return ctx.engine.cursors.first(ns(ctx, name), coll.specs().map((s) => encode(s)), undefined, false);
};

const dropIndexes: Handler = (ctx) => {
  const name = collectionName(ctx, 'dropIndexes');
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns not found ${ns(ctx, name)}`);
  const before = coll.indexes.size + 1;
  const targets = Array.isArray(ctx.cmd.index) ? ctx.cmd.index : [ctx.cmd.index];
  for (const t of targets) {
    coll.dropIndex(t);
  }
  return { nIndexesWas: before, ok: 1 };
};

export const schemaCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  createIndexes,
  createindexes: createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
