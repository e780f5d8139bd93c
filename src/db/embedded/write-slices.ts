import { deserialize, type Document } from 'bson';
import { withErrors } from './commands/write.js';
import { CommandError } from './errors.js';
import { findMatches } from './query/find.js';
import { isPlainObject, type Doc } from './query/values.js';
import type { View } from './view.js';
import type { Request } from './wire/protocol.js';

/** Documents written per write group when a command is cut into slices. */
export const SLICE = 100;

/** What slicing needs of the engine. */
export interface SliceHost {
  /** Runs a writing command in the next write group (not waiting for the disk). */
  writeGroup(req: Request, name: string): Promise<Doc>;
  /** Resolves once everything committed so far is on disk. */
  synced(): Promise<void>;
  view(db: string, coll: string): View;
}

interface Totals {
  n: number;
  nModified: number;
  upserted: Doc[];
  writeErrors: Doc[];
}

function add(t: Totals, reply: Doc, index: (i: number) => number): void {
  t.n += Number(reply.n ?? 0);
  t.nModified += Number(reply.nModified ?? 0);
  for (const u of (reply.upserted as Doc[] | undefined) ?? []) t.upserted.push({ ...u, index: index(Number(u.index)) });
  for (const e of (reply.writeErrors as Doc[] | undefined) ?? []) t.writeErrors.push({ ...e, index: index(Number(e.index)) });
}

/**
 * A large insert runs as many small writes of SLICE documents, each queued
 * behind whatever other clients wrote meanwhile, so that neither their writes
 * nor anyone's reads wait for the whole batch (as MongoDB yields during a
 * batch). The reply is the batch's as a whole, sent once the last slice is
 * synced to disk.
 */
export async function insertInSlices(host: SliceHost, req: Request, docs: Buffer[]): Promise<Document> {
  const ordered = req.command.ordered !== false;
  const t: Totals = { n: 0, nModified: 0, upserted: [], writeErrors: [] };
  for (let from = 0; from < docs.length; from += SLICE) {
    const sequences = new Map(req.sequences).set('documents', docs.slice(from, from + SLICE));
    const reply = await host.writeGroup({ ...req, sequences }, 'insert');
    if (reply.ok !== 1) return synced(host, reply);
    add(t, reply, (i) => i + from);
    if (ordered && t.writeErrors.length) break;
  }
  await host.synced();
  return withErrors({ n: t.n, ok: 1 }, t.writeErrors);
}

/** A reply is sent once what came before it is on disk, whatever it says. */
async function synced(host: SliceHost, reply: Doc): Promise<Doc> {
  await host.synced();
  return reply;
}

const KEYS = { update: 'updates', delete: 'deletes' } as const;

function statementsOf(req: Request, name: 'update' | 'delete'): Doc[] | undefined {
  const seq = req.sequences.get(KEYS[name]);
  const list: unknown = seq ? seq.map((b) => deserialize(b)) : req.command[KEYS[name]];
  return Array.isArray(list) && list.every(isPlainObject) ? list : undefined;
}

function isMulti(name: 'update' | 'delete', st: Doc): boolean {
  return name === 'update' ? st.multi === true : Number(st.limit) !== 1;
}

/**
 * Whether a statement's matches can be written a slice at a time by adding
 * an `_id` condition to its filter. Not when a collation could make that
 * condition match other documents, a hint would scan its whole index per
 * slice, or a positional `$` reads the filter to find its element.
 */
function sliceable(name: 'update' | 'delete', st: Doc): boolean {
  if (!isMulti(name, st) || !isPlainObject(st.q) || st.collation !== undefined || st.hint !== undefined) return false;
  const u = st.u;
  if (name === 'delete' || !isPlainObject(u)) return true;
  return !Object.values(u).some((fields) => isPlainObject(fields) && Object.keys(fields).some((path) => path.split('.').includes('$')));
}

/**
 * A multi-document update or delete outside a transaction, written a slice
 * of documents at a time so that other commands run between the slices (as
 * MongoDB yields during a multi write, which is not atomic there either).
 * The documents are those that match when the statement starts; each slice
 * checks the filter again, so one changed meanwhile by another client is
 * skipped when it no longer matches, and none is written twice. Statements
 * run in order and an ordered command stops at the first error; the reply
 * adds up the slices' and is sent once the last is synced to disk. Returns
 * undefined when the command is better run in one piece.
 */
export async function multiInSlices(host: SliceHost, req: Request, name: 'update' | 'delete'): Promise<Document | undefined> {
  const cmd = req.command;
  const statements = statementsOf(req, name);
  const coll = cmd[name];
  if (!statements || typeof coll !== 'string' || typeof cmd.$db !== 'string') return undefined;
  if (!statements.some((st) => sliceable(name, st)) || statements.some((st) => st.sort !== undefined)) return undefined;
  const view = host.view(cmd.$db, coll);
  if (view.coll?.options.collation !== undefined) return undefined;
  const ordered = cmd.ordered !== false;
  const sequences = new Map(req.sequences);
  sequences.delete(KEYS[name]);
  const one = (st: Doc): Request => ({ ...req, command: { ...cmd, [KEYS[name]]: [st] }, sequences });
  const t: Totals = { n: 0, nModified: 0, upserted: [], writeErrors: [] };
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i]!;
    let ids: unknown[] | undefined;
    if (sliceable(name, st)) {
      try {
        ids = findMatches(view, st.q as Doc, { variables: isPlainObject(cmd.let) ? cmd.let : undefined }).map((m) => m.stored.doc._id);
      } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        // The statement run whole reports the error as MongoDB would.
        ids = undefined;
      }
    }
    if (!ids?.length) {
      const reply = await host.writeGroup(one(st), name);
      if (reply.ok !== 1) return synced(host, reply);
      add(t, reply, () => i);
    } else {
      const q = st.q as Doc;
      for (let from = 0; from < ids.length; from += SLICE) {
        const only = { _id: { $in: ids.slice(from, from + SLICE) } };
        const sliceQ = q._id === undefined ? { ...q, ...only } : { ...q, $and: [...(Array.isArray(q.$and) ? q.$and : []), only] };
        const reply = await host.writeGroup(one({ ...st, q: sliceQ, upsert: false }), name);
        if (reply.ok !== 1) return synced(host, reply);
        add(t, reply, () => i);
        if (reply.writeErrors) break;
      }
    }
    if (ordered && t.writeErrors.length) break;
  }
  await host.synced();
  const reply: Doc = name === 'update' ? { n: t.n, nModified: t.nModified, ...(t.upserted.length ? { upserted: t.upserted } : {}), ok: 1 } : { n: t.n, ok: 1 };
  return withErrors(reply, t.writeErrors);
}
