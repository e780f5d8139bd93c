import { Context } from 'mingo';
import { Aggregator as BaseAggregator } from 'mingo/aggregator';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as BaseQuery } from 'mingo/query';
import type { Options } from 'mingo/types';
import type { Collation } from './collation.js';
import { $sum } from './decimal.js';
import { valuesAt, type Doc } from './values.js';

/** mingo's operators, with the ones whose answer differs from MongoDB's replaced. */
const OPERATORS = {
  accumulator: { ...accumulatorOperators, $sum },
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
} as never;

const BASE = Context.init(OPERATORS);
const byCollation = new WeakMap<Collation, Context>();

function contextFor(c: Collation | undefined): Context {
  if (!c) return BASE;
  let ctx = byCollation.get(c);
  if (!ctx) {
    const ops = OPERATORS as { query: Doc };
    byCollation.set(c, (ctx = Context.init({ ...(OPERATORS as object), query: { ...ops.query, ...collatedQueryOps(c) } } as never)));
  }
  return ctx;
}

export interface RunOptions {
  variables?: Doc;
  collation?: Collation;
  collectionResolver?: Options['collectionResolver'];
}

function options(o: RunOptions): Partial<Options> {
  return {
    context: contextFor(o.collation),
    ...(o.variables ? { variables: o.variables } : {}),
    ...(o.collation ? { collation: o.collation.spec as never } : {}),
    ...(o.collectionResolver ? { collectionResolver: o.collectionResolver } : {}),
  };
}

/** An aggregation pipeline run with the engine's operators. */
export function aggregator(pipeline: unknown[], o: RunOptions = {}): BaseAggregator {
  return new BaseAggregator(pipeline as never, options(o));
}

export function query(filter: Doc, o: RunOptions = {}): BaseQuery {
  return new BaseQuery(filter, options(o));
}

type QueryOp = (selector: string, value: unknown, options: unknown) => (obj: Doc) => boolean;

/**
 * Comparison operators that compare strings by the collation; any other
 * operand goes to mingo's own operator. Only strings compare with strings,
 * as in MongoDB's type order.
 */
function collatedQueryOps(c: Collation): Record<string, QueryOp> {
  const q = queryOperators as unknown as Record<string, QueryOp>;
  const strings = (obj: Doc, selector: string) => valuesAt(obj, selector).filter((v): v is string => typeof v === 'string');
  const eq: QueryOp = (selector, value, opts) => {
    const base = q.$eq!(selector, value, opts);
    if (typeof value !== 'string') return base;
    return (obj) => strings(obj, selector).some((s) => c.compare(s, value) === 0) || base(obj);
  };
  const inOp: QueryOp = (selector, value, opts) => {
    const base = q.$in!(selector, value, opts);
    const wanted = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    if (!wanted.length) return base;
    return (obj) => strings(obj, selector).some((s) => wanted.some((w) => c.compare(s, w) === 0)) || base(obj);
  };
  const range =
    (name: string, ok: (n: number) => boolean): QueryOp =>
    (selector, value, opts) => {
      if (typeof value !== 'string') return q[name]!(selector, value, opts);
      return (obj) => strings(obj, selector).some((s) => ok(c.compare(s, value)));
    };
  const not =
    (op: QueryOp): QueryOp =>
    (selector, value, opts) => {
      const f = op(selector, value, opts);
      return (obj) => !f(obj);
    };
  return {
    $eq: eq,
    $ne: not(eq),
    $in: inOp,
    $nin: not(inOp),
    $gt: range('$gt', (n) => n > 0),
    $gte: range('$gte', (n) => n >= 0),
    $lt: range('$lt', (n) => n < 0),
    $lte: range('$lte', (n) => n <= 0),
  };
}
