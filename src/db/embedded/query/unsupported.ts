import * as pipelineOperators from 'mingo/operators/pipeline';
import { CommandError } from '../errors.js';
import { checkOperator } from './filter-checks.js';
import { isPlainObject, type Doc } from './values.js';

/**
 * What the embedded engine does not do is refused by name, with MongoDB's
 * NotImplemented code, rather than accepted and ignored.
 */
export const notSupported = (feature: string) =>
  new CommandError(238, 'NotImplemented', `${feature} is not supported by the embedded engine; use MongoDB (MONGODB_URI) for it`);

const QUERY_OPERATORS: Record<string, string> = {
  $near: 'geospatial query operator $near',
  $nearSphere: 'geospatial query operator $nearSphere',
  $geoWithin: 'geospatial query operator $geoWithin',
  $geoIntersects: 'geospatial query operator $geoIntersects',
  $within: 'geospatial query operator $within',
  $jsonSchema: 'query operator $jsonSchema',
  $where: 'server-side JavaScript ($where)',
};

const EXPRESSIONS: Record<string, string> = {
  $function: 'server-side JavaScript ($function)',
  $accumulator: 'server-side JavaScript ($accumulator)',
};

const STAGES: Record<string, string> = {
  $out: 'aggregation stage $out',
  $merge: 'aggregation stage $merge',
  $changeStream: 'change streams ($changeStream)',
  $changeStreamSplitLargeEvent: 'change streams ($changeStreamSplitLargeEvent)',
  $geoNear: 'aggregation stage $geoNear',
  $currentOp: 'aggregation stage $currentOp',
  $listSessions: 'aggregation stage $listSessions',
  $listLocalSessions: 'aggregation stage $listLocalSessions',
  $collStats: 'aggregation stage $collStats',
  $indexStats: 'aggregation stage $indexStats',
  $planCacheStats: 'aggregation stage $planCacheStats',
  $search: 'Atlas Search ($search)',
  $searchMeta: 'Atlas Search ($searchMeta)',
  $vectorSearch: 'Atlas Vector Search ($vectorSearch)',
  $listSearchIndexes: 'Atlas Search ($listSearchIndexes)',
};

const COLLECTION_OPTIONS: Record<string, string> = {
  capped: 'capped collections',
  size: 'capped collections',
  max: 'capped collections',
  validator: 'document validation (validator, $jsonSchema)',
  validationLevel: 'document validation (validationLevel)',
  validationAction: 'document validation (validationAction)',
  viewOn: 'views',
  pipeline: 'views',
  timeseries: 'time series collections',
  expireAfterSeconds: 'collection-level TTL (expireAfterSeconds on create)',
  clusteredIndex: 'clustered collections',
  changeStreamPreAndPostImages: 'change stream pre- and post-images',
  encryptedFields: 'queryable encryption',
};

const INDEX_TYPES: Record<string, string> = {
  '2d': 'geospatial indexes (2d)',
  '2dsphere': 'geospatial indexes (2dsphere)',
  geoHaystack: 'geospatial indexes (geoHaystack)',
};

/** A query filter's operators, at any depth. */
export function checkFilter(filter: unknown): void {
  if (Array.isArray(filter)) return filter.forEach(checkFilter);
  if (!isPlainObject(filter)) return;
  for (const [k, v] of Object.entries(filter)) {
    const feature = QUERY_OPERATORS[k];
    if (feature) throw notSupported(feature);
    if (k.startsWith('$')) checkOperator(k, v);
    if (k === '$expr') checkExpression(v);
    else checkFilter(v);
  }
}

function checkExpression(expr: unknown): void {
  if (Array.isArray(expr)) return expr.forEach(checkExpression);
  if (!isPlainObject(expr)) return;
  for (const [k, v] of Object.entries(expr)) {
    const feature = EXPRESSIONS[k];
    if (feature) throw notSupported(feature);
    checkExpression(v);
  }
}

/** Stages, their filters and expressions, and nested pipelines. */
export function checkPipeline(pipeline: Doc[]): void {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    const body = stage[name];
    const feature = STAGES[name];
    if (feature) throw notSupported(feature);
    if (!(name in pipelineOperators)) {
      throw new CommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${name}'`);
    }
    if (name === '$match') checkFilter(body);
    else checkExpression(body);
    if (name === '$facet' && isPlainObject(body)) Object.values(body).forEach((p) => Array.isArray(p) && checkPipeline(p as Doc[]));
    if ((name === '$lookup' || name === '$unionWith') && isPlainObject(body) && Array.isArray(body.pipeline)) checkPipeline(body.pipeline as Doc[]);
  }
}

export function checkCollectionOptions(options: Doc): void {
  for (const k of Object.keys(options)) {
    const feature = COLLECTION_OPTIONS[k];
    if (feature && options[k] !== undefined && options[k] !== false) throw notSupported(feature);
  }
}

export function checkIndexSpec(spec: Doc): void {
  const key = isPlainObject(spec.key) ? spec.key : {};
  for (const [field, kind] of Object.entries(key)) {
    if (typeof kind === 'string' && INDEX_TYPES[kind]) throw notSupported(INDEX_TYPES[kind]);
    if (field === '$**' || field.endsWith('.$**')) throw notSupported('wildcard indexes');
  }
  if (spec.wildcardProjection !== undefined) throw notSupported('wildcard indexes');
}
