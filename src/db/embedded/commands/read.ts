import { Long } from 'bson';
import { calculateObjectSize } from 'bson';
import { badValue, CommandError } from '../errors.js';
import { MAX_BSON_SIZE } from '../wire/protocol.js';
import { project, projectBytes } from '../query/projection.js';
import { collationKey, effectiveCollation } from '../query/collation.js';
import { countMatches, findMatches } from '../query/find.js';
import { encode, keyOf, valuesAt } from '../query/values.js';
import { collectionName, letVariables, ns, optDoc, optNumber } from './args.js';
import type { Handler } from './index.js';

const find: Handler = (ctx) => {
  const coll = collectionName(ctx, 'find');
  const filter = optDoc(ctx, 'filter');
  const projection = optDoc(ctx, 'projection');
  const limit = optNumber(ctx.cmd.limit, 'limit');
  const matches = findMatches(ctx.view(coll), filter, {
    sort: optDoc(ctx, 'sort'),
    skip: optNumber(ctx.cmd.skip, 'skip'),
    limit: limit ? Math.abs(limit) : undefined,
    variables: letVariables(ctx),
    hint: ctx.cmd.hint,
    collation: ctx.cmd.collation,
    bytesOnly: true,
  });
  const docs = Object.keys(projection).length
    ? matches.map((m) => (m.score === undefined && projectBytes(m.stored.raw, projection)) || encode(project(m, projection, filter)))
    : matches.map((m) => m.stored.raw);
  const single = ctx.cmd.singleBatch === true || (limit !== undefined && limit < 0);
  return ctx.engine.cursors.first(ns(ctx, coll), docs, optNumber(ctx.cmd.batchSize, 'batchSize'), single);
};

const getMore: Handler = (ctx) => {
  const id = ctx.cmd.getMore;
  if (!(typeof id === 'number' || id instanceof Long)) throw badValue('getMore needs a cursor id');
  return ctx.engine.cursors.more(BigInt(id.toString()), optNumber(ctx.cmd.batchSize, 'batchSize'));
};

const killCursors: Handler = (ctx) => {
  const ids = Array.isArray(ctx.cmd.cursors) ? ctx.cmd.cursors.map((c) => BigInt(String(c))) : [];
  const { killed, notFound } = ctx.engine.cursors.kill(ids);
  const toLong = (x: bigint) => Long.fromBigInt(x);
  return { cursorsKilled: killed.map(toLong), cursorsNotFound: notFound.map(toLong), cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: Handler = (ctx) => {
  const coll = collectionName(ctx, 'count');
  const n = countMatches(ctx.view(coll), optDoc(ctx, 'query'), {
    skip: optNumber(ctx.cmd.skip, 'skip'),
    limit: optNumber(ctx.cmd.limit, 'limit'),
    hint: ctx.cmd.hint,
    collation: ctx.cmd.collation,
  });
  return { n, ok: 1 };
};

const distinct: Handler = (ctx) => {
  const coll = collectionName(ctx, 'distinct');
  const key = ctx.cmd.key;
  if (typeof key !== 'string' || !key) throw badValue("'key' must be a non-empty string");
  const view = ctx.view(coll);
  const collation = effectiveCollation(ctx.cmd.collation, view.coll?.options);
  const seen = new Map<string, unknown>();
  let bytes = 0;
  for (const m of findMatches(view, optDoc(ctx, 'query'), { hint: ctx.cmd.hint, collation: ctx.cmd.collation })) {
    for (const v of valuesAt(m.stored.doc, key)) {
      const k = keyOf(collationKey(collation, v));
      if (v === undefined || seen.has(k)) continue;
      seen.set(k, v);
      bytes += valueSize(v);
      if (bytes > MAX_BSON_SIZE) throw new CommandError(17217, 'Location17217', 'distinct too big, 16mb cap');
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

/** Bytes a value takes as an array element (type, key and value), near enough for the 16 MB cap. */
function valueSize(v: unknown): number {
  return typeof v === 'string' ? Buffer.byteLength(v) + 12 : calculateObjectSize({ v }) + 4;
}

export const readCommands: Record<string, Handler> = { find, getMore, killCursors, count, distinct };
