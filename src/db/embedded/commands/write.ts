import { deserialize, onDemand } from 'bson';
import { toStored } from '../collection.js';
import { CommandError } from '../errors.js';
import type { Stored } from '../indexes.js';
import { project } from '../query/projection.js';
import { findMatches } from '../query/find.js';
import { applyUpdate, isOperatorUpdate, storeDoc, upsertSeed } from '../query/update.js';
import { isPlainObject, type Doc } from '../query/values.js';
import type { View } from '../view.js';
import type { Request } from '../wire/protocol.js';
import { collectionName, docArray, letVariables, optDoc } from './args.js';
import type { Ctx, Handler } from './index.js';

type WriteError = Record<string, unknown>;

/** Runs each statement; an ordered batch stops at the first error, as MongoDB's does. */
function eachStatement<T>(ctx: Ctx, items: T[], run: (item: T, i: number) => void): WriteError[] {
  const errors: WriteError[] = [];
  const ordered = ctx.cmd.ordered !== false;
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i]!, i);
    } catch (err) {
      if (!(err instanceof CommandError) || ctx.txn) throw err;
      errors.push({ index: i, code: err.code, codeName: err.codeName, errmsg: err.message, ...err.extra });
      if (ordered) break;
    }
  }
  return errors;
}

/** Past this many bytes of messages, mongod sends the remaining write errors with empty messages. */
const ERROR_MESSAGES_BYTES = 1024 * 1024;

export function withErrors(reply: Doc, errors: WriteError[]): Doc {
  if (!errors.length) return reply;
  let bytes = 0;
  const sent = errors.map((e) => {
    bytes += Buffer.byteLength(String(e.errmsg ?? ''));
    return bytes > ERROR_MESSAGES_BYTES ? { index: e.index, code: e.code, errmsg: '' } : e;
  });
  return { ...reply, writeErrors: sent };
}

const BSON_OBJECT = 3;
const BSON_ARRAY = 4;

/**
 * The raw BSON of each document an insert carries, whether sent as a
 * document sequence or inside the command's `documents` array (as the Node
 * driver sends them), found without decoding them; undefined when
 * `documents` is not an array of documents (the handler then says why).
 */
export function rawInsertDocuments(req: Request): Buffer[] | undefined {
  const seq = req.sequences.get('documents');
  if (seq) return seq;
  const body = req.rawBody;
  for (const [type, nameAt, nameLength, at] of onDemand.parseToElements(body)) {
    if (nameLength !== 9 || body.toString('latin1', nameAt, nameAt + nameLength) !== 'documents') continue;
    if (type !== BSON_ARRAY) return undefined;
    const docs: Buffer[] = [];
    for (const [t, , , docAt, docLength] of onDemand.parseToElements(body, at)) {
      if (t !== BSON_OBJECT) return undefined;
      docs.push(body.subarray(docAt, docAt + docLength));
    }
    return docs;
  }
  return undefined;
}

/** Inserted documents keep the bytes the client sent (types included); only a missing _id is added. */
function insertedDocs(ctx: Ctx): Array<() => Stored> {
  const raws = rawInsertDocuments(ctx.req);
  if (raws) {
    return raws.map((raw) => () => {
      // Held by an open transaction until it commits: its own copy, not a slice of the whole message.
      const bytes = ctx.txn ? Buffer.from(raw) : raw;
      // MongoDB stores _id as the first field; only then can the client's bytes be kept as they are.
      if (bytes.toString('latin1', 5, 9) === '_id\0') return toStored(bytes);
      return storeDoc(deserialize(bytes, { promoteValues: false }));
    });
  }
  const typed = deserialize(ctx.req.rawBody, { promoteValues: false }).documents;
  return docArray(typed, 'documents').map((d) => () => storeDoc(d));
}

const insert: Handler = (ctx) => {
  const view = ctx.view(collectionName(ctx, 'insert'));
  let n = 0;
  const errors = eachStatement(ctx, insertedDocs(ctx), (make) => {
    view.insert(make());
    n++;
  });
  return withErrors({ n, ok: 1 }, errors);
};

/** Inserts the document an upsert creates; returns it. */
function upsert(view: View, filter: Doc, u: unknown, arrayFilters: Doc[] | undefined, variables: Doc | undefined): Stored {
  const seed = upsertSeed(filter);
  let next: Stored | undefined;
  if (isOperatorUpdate(u) || Array.isArray(u)) next = applyUpdate(storeDoc(seed), u, arrayFilters, filter, true, variables);
  else next = storeDoc({ ...(seed._id !== undefined ? { _id: seed._id } : {}), ...(u as Doc) });
  view.insert(next!);
  return next!;
}

const update: Handler = (ctx) => {
  const view = ctx.view(collectionName(ctx, 'update'));
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const statements = ctx.req.sequences.has('updates')
    ? ctx.req.sequences.get('updates')!.map((b) => deserialize(b) as Doc)
    : docArray(ctx.cmd.updates, 'updates');
  // The version `buildInfo` reports (7.0) knows no sort on update statements; 8.0 added it.
  if (statements.some((st) => st.sort !== undefined)) {
    throw new CommandError(40415, 'Location40415', "BSON field 'update.updates.sort' is an unknown field.");
  }
  const variables = letVariables(ctx);
  const errors = eachStatement(ctx, statements, (st, index) => {
    const q = isPlainObject(st.q) ? st.q : {};
    const arrayFilters = Array.isArray(st.arrayFilters) ? (st.arrayFilters as Doc[]) : undefined;
    const matches = findMatches(view, q, { limit: st.multi ? undefined : 1, variables, hint: st.hint, collation: st.collation });
    if (matches.length === 0 && st.upsert) {
      upserted.push({ index, _id: upsert(view, q, st.u, arrayFilters, variables).doc._id });
      n++;
      return;
    }
    if (st.multi && !isOperatorUpdate(st.u) && !Array.isArray(st.u)) {
      throw new CommandError(9, 'FailedToParse', 'multi update is not supported for replacement-style update');
    }
    for (const m of matches) {
      const next = applyUpdate(m.stored, st.u, arrayFilters, q, false, variables);
      n++;
      if (next) {
        view.replace(m.stored, next);
        nModified++;
      }
    }
  });
  return withErrors({ n, nModified, ...(upserted.length ? { upserted } : {}), ok: 1 }, errors);
};

const del: Handler = (ctx) => {
  const view = ctx.view(collectionName(ctx, 'delete'));
  let n = 0;
  const statements = ctx.req.sequences.has('deletes')
    ? ctx.req.sequences.get('deletes')!.map((b) => deserialize(b) as Doc)
    : docArray(ctx.cmd.deletes, 'deletes');
  const variables = letVariables(ctx);
  const errors = eachStatement(ctx, statements, (st) => {
    const q = isPlainObject(st.q) ? st.q : {};
    for (const m of findMatches(view, q, { limit: Number(st.limit) === 1 ? 1 : undefined, variables, hint: st.hint, collation: st.collation })) {
      view.remove(m.stored);
      n++;
    }
  });
  return withErrors({ n, ok: 1 }, errors);
};

const findAndModify: Handler = (ctx) => {
  const view = ctx.view(collectionName(ctx, 'findAndModify'));
  const query = optDoc(ctx, 'query');
  const fields = optDoc(ctx, 'fields');
  const arrayFilters = Array.isArray(ctx.cmd.arrayFilters) ? (ctx.cmd.arrayFilters as Doc[]) : undefined;
  const variables = letVariables(ctx);
  const m = findMatches(view, query, { sort: optDoc(ctx, 'sort'), limit: 1, variables, hint: ctx.cmd.hint, collation: ctx.cmd.collation })[0];
  const out = (s: Stored | undefined) =>
    s ? project({ stored: s }, fields, query) : null;
  if (ctx.cmd.remove === true) {
    if (m) view.remove(m.stored);
    return { lastErrorObject: { n: m ? 1 : 0 }, value: out(m?.stored), ok: 1 };
  }
  if (ctx.cmd.update === undefined) throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  if (m) {
    const next = applyUpdate(m.stored, ctx.cmd.update, arrayFilters, query, false, variables);
    if (next) view.replace(m.stored, next);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: out(ctx.cmd.new ? next ?? m.stored : m.stored), ok: 1 };
  }
  if (ctx.cmd.upsert === true) {
    const created = upsert(view, query, ctx.cmd.update, arrayFilters, variables);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: created.doc._id },
      value: ctx.cmd.new ? out(created) : null,
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};

export const writeCommands: Record<string, Handler> = { insert, update, delete: del, findAndModify, findandmodify: findAndModify };
