import { BSONRegExp, Decimal128, Double, Int32, Long } from 'bson';
import { badValue } from '../errors.js';
import { isPlainObject } from './values.js';

const TYPE_ALIASES = new Set([
  'double', 'string', 'object', 'array', 'binData', 'undefined', 'objectId', 'bool', 'date', 'null', 'regex', 'dbPointer',
  'javascript', 'symbol', 'javascriptWithScope', 'int', 'timestamp', 'long', 'decimal', 'minKey', 'maxKey', 'number',
]);

const isNumberLike = (v: unknown) =>
  typeof v === 'number' || v instanceof Int32 || v instanceof Long || v instanceof Double || v instanceof Decimal128;

/**
 * The operand checks MongoDB makes when it parses a filter, with its
 * BadValue messages; the matcher would otherwise match nothing, or throw
 * something that is not the user's error.
 */
export function checkOperator(op: string, v: unknown): void {
  switch (op) {
    case '$and':
    case '$or':
    case '$nor':
      if (!Array.isArray(v) || v.length === 0) throw badValue(`${op} must be a nonempty array`);
      if (!v.every(isPlainObject)) throw badValue(`${op}/$and/$or/$nor entries need to be full objects`);
      break;
    case '$in':
    case '$nin':
    case '$all':
      if (!Array.isArray(v)) throw badValue(`${op} needs an array`);
      break;
    case '$size':
      if (!isNumberLike(v)) throw badValue('$size needs a number');
      if (Number(v) < 0) throw badValue('$size may not be negative');
      break;
    case '$elemMatch':
      if (!isPlainObject(v)) throw badValue('$elemMatch needs an Object');
      break;
    case '$regex':
      if (typeof v !== 'string' && !(v instanceof RegExp) && !(v instanceof BSONRegExp)) {
        throw badValue('$regex has to be a string');
      }
      break;
    case '$mod':
      if (!Array.isArray(v)) throw badValue('malformed mod, needs to be an array');
      if (v.length < 2) throw badValue('malformed mod, not enough elements');
      if (v.length > 2) throw badValue('malformed mod, too many elements');
      if (!v.every(isNumberLike)) throw badValue('malformed mod, divisor and remainder must be numbers');
      if (Number(v[0]) === 0) throw badValue('divisor cannot be 0');
      break;
    case '$type':
      for (const t of Array.isArray(v) ? v : [v]) {
        if (typeof t === 'string' && !TYPE_ALIASES.has(t)) throw badValue(`Unknown type name alias: ${t}`);
      }
      break;
  }
}
