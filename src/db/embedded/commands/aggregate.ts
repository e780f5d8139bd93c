import { calculateObjectSize, deserialize } from 'bson';
import { MAX_BSON_SIZE } from '../wire/protocol.js';
import { encode } from '../query/values.js';
import { CommandError } from '../errors.js';
import { countMatches, findMatches } from '../query/find.js';
import { effectiveCollation } from '../query/collation.js';
import { aggregator } from '../query/mingo.js';
import { checkPipeline } from '../query/unsupported.js';
import type { Stored } from '../indexes.js';
import { restoreNumberTypes } from '../query/update.js';
import { isPlainObject, keyOf, type Doc } from '../query/values.js';
import { SCORE_FIELD, withTextScore } from './aggregate-text.js';
import { docArray, letVariables, ns, optNumber } from './args.js';
import type { Handler } from './index.js';

/**
 * Aggregation by mingo. A leading $match (with $text if any) is served by the
 * engine's own matcher so it can use indexes; the rest runs over fresh copies.
 */
const aggregate: Handler = (ctx) => {
  const target = ctx.cmd.aggregate;
  const pipeline = docArray(ctx.cmd.pipeline, 'pipeline');
  checkPipeline(pipeline);
  const variables = letVariables(ctx);
  const collation = effectiveCollation(ctx.cmd.collation, typeof target === 'string' ? ctx.view(target).coll?.options : undefined);
  // A count served from the index alone compares binary keys: only without a collation.
  const counted = collation ? undefined : countOnly(ctx, target, pipeline);
  if (counted) return counted;
  let input: Doc[] = [];
  let matched: Stored[] = [];
  let rest = rewriteCount(pipeline);
  let collName = '$cmd.aggregate';
  if (typeof target === 'string' && target) {
    collName = target;
    const first = pipeline[0];
    const match = first && isPlainObject(first.$match) ? first.$match : undefined;
    if (match) rest = rest.slice(1);
    const matches = findMatches(ctx.view(target), match ?? {}, { variables, hint: ctx.cmd.hint, collation: ctx.cmd.collation, bytesOnly: true });
    matched = matches.map((m) => m.stored);
    if (match?.$text !== undefined) {
      input = matches.map((m) => ({ ...(deserialize(m.stored.raw) as Doc), [SCORE_FIELD]: m.score }));
      rest = withTextScore(rest);
    } else input = matched.map((s) => deserialize(s.raw) as Doc);
  } else if (target !== 1) {
    throw new CommandError(2, 'BadValue', "'aggregate' must be a collection name or 1");
  }
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string) => {
    let docs = resolved.get(name);
    if (!docs) {
      const all = ctx.view(name).candidates({});
      resolved.set(name, (docs = [...all.docs, ...all.extra].map((s) => deserialize(s.raw) as Doc)));
    }
    return docs;
  };
  let out: Doc[];
  try {
    out = aggregator(rest, { collectionResolver, variables, collation }).run(input) as Doc[];
  } catch (err) {
    throw new CommandError(2, 'BadValue', (err as Error).message);
  }
  if (matched.length && rest.every((stage) => KEEPS_DOCUMENTS.has(Object.keys(stage)[0] ?? ''))) restoreTypes(out, matched);
  const cursor = isPlainObject(ctx.cmd.cursor) ? ctx.cmd.cursor : {};
  return ctx.engine.cursors.first(ns(ctx, collName), out.map(encodeResult), optNumber(cursor.batchSize, 'batchSize'), false);
};

/**
 * `countDocuments` as the driver sends it (`$match`, then `$group` of `_id: 1`
 * summing 1): answered by a count, from the index alone where it can be.
 */
function countOnly(ctx: Parameters<Handler>[0], target: unknown, pipeline: Doc[]): Buffer | undefined {
  if (typeof target !== 'string' || pipeline.length !== 2 || !isPlainObject(pipeline[0]!.$match)) return undefined;
  const group = pipeline[1]!.$group;
  if (!isPlainObject(group) || keyOf(group) !== keyOf({ _id: 1, n: { $sum: 1 } })) return undefined;
  const n = countMatches(ctx.view(target), pipeline[0]!.$match as Doc, { hint: ctx.cmd.hint });
  const cursor = isPlainObject(ctx.cmd.cursor) ? ctx.cmd.cursor : {};
  const out = n ? [encode({ _id: 1, n })] : [];
  return ctx.engine.cursors.first(ns(ctx, target), out, optNumber(cursor.batchSize, 'batchSize'), false);
}

function encodeResult(d: Doc): Buffer {
  const size = calculateObjectSize(d);
  if (size > MAX_BSON_SIZE) throw new CommandError(10334, 'BSONObjectTooLarge', `BSONObj size: ${size} is invalid. Size must be between 0 and ${MAX_BSON_SIZE}(16MB)`);
  return encode(d);
}

/** Stages whose output documents are their input documents, reshaped: they keep their _id. */
const KEEPS_DOCUMENTS = new Set(['$match', '$sort', '$skip', '$limit', '$project', '$addFields', '$set', '$unset', '$lookup']);

/**
 * mingo works on promoted values, so a Double 1.0 would come back as an Int32
 * and a small Long as a number; put the stored types back, found by _id.
 */
function restoreTypes(out: Doc[], matched: Stored[]): void {
  const byId = new Map(matched.map((s) => [s.id, s]));
  for (const doc of out) {
    const stored = byId.get(keyOf(doc._id));
    if (stored) restoreNumberTypes(doc, deserialize(stored.raw, { promoteValues: false }) as Doc);
  }
}

/**
 * `$count` as MongoDB defines it, a `$group` and a `$project`: on no input it
 * yields no document, where mingo yields `{n: 0}`. Nested pipelines too.
 */
function rewriteCount(pipeline: Doc[]): Doc[] {
  return pipeline.flatMap((stage): Doc[] => {
    if (typeof stage.$count === 'string') {
      return [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }];
    }
    if (isPlainObject(stage.$facet)) {
      const facets = Object.entries(stage.$facet).map(([k, p]) => [k, Array.isArray(p) ? rewriteCount(p as Doc[]) : p]);
      return [{ $facet: Object.fromEntries(facets) }];
    }
    if (isPlainObject(stage.$lookup) && Array.isArray(stage.$lookup.pipeline)) {
      return [{ $lookup: { ...stage.$lookup, pipeline: rewriteCount(stage.$lookup.pipeline as Doc[]) } }];
    }
    return [stage];
  });
}

export const aggregateCommands: Record<string, Handler> = { aggregate };
