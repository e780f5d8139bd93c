import { deserialize } from 'bson';
import { encode } from '../values.js';
import { Aggregator } from 'mingo';
import { CommandError } from '../errors.js';
import { findMatches } from '../query.js';
import { isPlainObject, type Doc } from '../values.js';
import { docArray, ns, optNumber } from './args.js';
import type { Handler } from './index.js';

const UNSUPPORTED = new Set(['$out', '$merge', '$changeStream', '$currentOp', '$listSessions', '$collStats', '$indexStats']);

/**
 * Aggregation by mingo. A leading $match (with $text if any) is served by the
 * engine's own matcher so it can use indexes; the rest runs over fresh copies.
 */
const aggregate: Handler = (ctx) => {
  const target = ctx.cmd.aggregate;
  const pipeline = docArray(ctx.cmd.pipeline, 'pipeline');
  for (const stage of pipeline) {
    const op = Object.keys(stage)[0] ?? '';
    if (UNSUPPORTED.has(op)) throw new CommandError(40324, 'Location40324', `Unsupported stage in the embedded engine: ${op}`);
  }
  let input: Doc[] = [];
  let rest = pipeline;
  let collName = '$cmd.aggregate';
  if (typeof target === 'string' && target) {
    collName = target;
    const first = pipeline[0];
    const match = first && isPlainObject(first.$match) ? first.$match : undefined;
    if (match) rest = pipeline.slice(1);
    input = findMatches(ctx.view(target), match ?? {}).map((m) => deserialize(m.stored.raw) as Doc);
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
    out = new Aggregator(rest, { collectionResolver }).run(input) as Doc[];
  } catch (err) {
    throw new CommandError(2, 'BadValue', (err as Error).message);
  }
  const cursor = isPlainObject(ctx.cmd.cursor) ? ctx.cmd.cursor : {};
  return ctx.engine.cursors.first(ns(ctx, collName), out.map((d) => encode(d)), optNumber(cursor.batchSize, 'batchSize'), false);
};

export const aggregateCommands: Record<string, Handler> = { aggregate };
