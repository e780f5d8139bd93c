import { isPlainObject, type Doc } from '../query/values.js';

/** Where a document's text score travels through mingo, which has no `$meta`. */
export const SCORE_FIELD = '__rasoatTextScore';

const isScoreMeta = (v: unknown) => isPlainObject(v) && Object.keys(v).length === 1 && v.$meta === 'textScore';

/**
 * The pipeline after a `$text` match, with `{$meta: 'textScore'}` read from
 * the hidden score field: in expressions, as a `$sort` key (best first), kept
 * through inclusion `$project`s, and removed from what comes out.
 */
export function withTextScore(pipeline: Doc[]): Doc[] {
  const out = pipeline.map((stage): Doc => {
    const [op, body] = Object.entries(stage)[0] ?? ['', undefined];
    if (op === '$sort' && isPlainObject(body)) {
      return { $sort: Object.fromEntries(Object.entries(body).map(([k, v]) => (isScoreMeta(v) ? [SCORE_FIELD, -1] : [k, v]))) };
    }
    if (op === '$project' && isPlainObject(body)) {
      const inclusion = Object.entries(body).some(([k, v]) => k !== '_id' && v !== 0 && v !== false);
      const replaced = replaceMeta(body) as Doc;
      return { $project: inclusion ? { ...replaced, [SCORE_FIELD]: 1 } : replaced };
    }
    if (op === '$facet' && isPlainObject(body)) {
      return { $facet: Object.fromEntries(Object.entries(body).map(([k, p]) => [k, Array.isArray(p) ? withTextScore(p as Doc[]) : p])) };
    }
    return { [op]: replaceMeta(body) };
  });
  out.push({ $unset: SCORE_FIELD });
  return out;
}

function replaceMeta(v: unknown): unknown {
  if (isScoreMeta(v)) return '$' + SCORE_FIELD;
  if (Array.isArray(v)) return v.map(replaceMeta);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceMeta(x)]));
  return v;
}
