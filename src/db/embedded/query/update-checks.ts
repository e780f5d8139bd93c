import { Decimal128, Double, Int32, Long } from 'bson';
import { badValue, CommandError } from '../errors.js';
import { getPath, isPlainObject, keyOf, type Doc } from './values.js';

const isNumeric = (v: unknown) =>
  typeof v === 'number' || v instanceof Int32 || v instanceof Long || v instanceof Double || v instanceof Decimal128;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return v instanceof Date ? 'date' : 'object';
  return typeof v;
}

/**
 * The operand checks MongoDB makes before an update. mingo skips a `$inc` on
 * a string or a `$push` onto a scalar without a word, which would drop the
 * write silently; MongoDB refuses the whole statement.
 */
export function checkOperands(doc: Doc, modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, arg] of Object.entries(fields)) {
      if (CREATES_FIELDS.has(op)) checkPathViable(doc, path);
      if (op === '$rename' && typeof arg === 'string') checkPathViable(doc, arg);
      const current = path.includes('$') ? undefined : getPath(doc, path);
      const where = `in document {_id: ${JSON.stringify(doc._id)}}`;
      switch (op) {
        case '$inc':
        case '$mul':
          if (!isNumeric(arg)) throw new CommandError(14, 'TypeMismatch', `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(arg)}}`);
          if (current !== undefined && !isNumeric(current)) {
            throw new CommandError(14, 'TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. The field '${path}' is of non-numeric type ${typeName(current)} ${where}`);
          }
          break;
        case '$push':
        case '$addToSet':
          if (current !== undefined && !Array.isArray(current)) {
            throw badValue(`The field '${path}' must be an array but is of type ${typeName(current)} ${where}`);
          }
          break;
        case '$pull':
        case '$pullAll':
          if (current !== undefined && current !== null && !Array.isArray(current)) throw badValue(`Cannot apply ${op} to a non-array value`);
          break;
        case '$pop':
          if (current !== undefined && current !== null && !Array.isArray(current)) {
            throw new CommandError(14, 'TypeMismatch', `Path '${path}' contains an element of non-array type '${typeName(current)}'`);
          }
          break;
      }
    }
  }
}

const CREATES_FIELDS = new Set(['$set', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$bit']);

/**
 * A field cannot be created inside an array (by name) or inside a scalar;
 * MongoDB answers 28 PathNotViable where mingo would write nothing.
 */
function checkPathViable(doc: Doc, path: string): void {
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('$') || node === undefined) return;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) throw notViable(part, parts[i - 1]!, node);
      node = node[Number(part)];
    } else if (isPlainObject(node)) node = node[part];
    else throw notViable(part, parts[i - 1]!, node);
  }
}

function notViable(part: string, parent: string, value: unknown): CommandError {
  return new CommandError(28, 'PathNotViable', `Cannot create field '${part}' in element {${parent}: ${JSON.stringify(value)}}`);
}

/** MongoDB accepts `$set: {_id: <the same value>}` as a no-op; mingo calls any `_id` in `$set` a change. */
export function withoutUnchangedId(modifier: Doc, id: string): Doc {
  const set = modifier.$set;
  if (!isPlainObject(set) || !('_id' in set) || keyOf(set._id) !== id) return modifier;
  const { _id: _same, ...rest } = set;
  return { ...modifier, $set: rest };
}

/** mingo's plain Errors as the codes MongoDB gives the same mistakes. */
export function mongoUpdateError(err: unknown): CommandError {
  const msg = (err as Error).message;
  if (/immutable field '_id'/.test(msg)) return new CommandError(66, 'ImmutableField', msg);
  if (/would create a conflict/.test(msg)) return new CommandError(40, 'ConflictingUpdateOperators', msg);
  if (/numeric|number/i.test(msg)) return new CommandError(14, 'TypeMismatch', msg);
  return badValue(msg);
}
