import { Query } from 'mingo';
import { badValue } from '../errors.js';
import { getPath, isPlainObject, type Doc } from './values.js';

const POSITIONAL = /^(.*?)\.\$(\.|$)/;

/**
 * Replaces the positional `$` of every update path with the index of the
 * first array element the query matched, as MongoDB does. Resolving it here
 * lets one statement set several fields of the matched element
 * (`items.$.x` and `items.$.y`), which mingo would refuse as a conflict.
 */
export function resolvePositional(doc: Doc, modifier: Doc, filter: Doc): Doc {
  const indexOf = new Map<string, number>();
  const resolve = (path: string): string => {
    const m = POSITIONAL.exec(path);
    if (!m) return path;
    const arrayPath = m[1]!;
    let index = indexOf.get(arrayPath);
    if (index === undefined) {
      index = matchedIndex(getPath(doc, arrayPath), arrayPath, filter);
      indexOf.set(arrayPath, index);
    }
    return `${arrayPath}.${index}${path.slice(m[0].length - m[2]!.length)}`;
  };
  const out: Doc = {};
  for (const [op, fields] of Object.entries(modifier)) {
    out[op] = isPlainObject(fields) ? Object.fromEntries(Object.entries(fields).map(([p, v]) => [resolve(p), v])) : fields;
  }
  return out;
}

function matchedIndex(array: unknown, arrayPath: string, filter: Doc): number {
  const tests = elementConditions(filter, arrayPath);
  // A condition written for the array, tried on the one-element array [el], says whether that element matched.
  const index = Array.isArray(array) && tests.length ? array.findIndex((el) => tests.every((q) => q.test({ v: [el] }))) : -1;
  if (index < 0) throw badValue('The positional operator did not find the match needed from the query.');
  return index;
}

/** The query's conditions that concern the elements of `arrayPath`, re-rooted at `v`. */
function elementConditions(filter: Doc, arrayPath: string): Query[] {
  const out: Query[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) out.push(...elementConditions(sub, arrayPath));
    } else if (key === arrayPath || key.startsWith(arrayPath + '.')) {
      out.push(new Query({ ['v' + key.slice(arrayPath.length)]: cond }));
    }
  }
  return out;
}
