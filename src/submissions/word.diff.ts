import { normalizeQuote } from '../reviews/comment.anchor.js';
import { align, diffText, type DiffOp } from './text.diff.js';

/**
 * What changed inside a Word file between two editions: paragraphs aligned by their text,
 * then each removed paragraph paired with the added one that took its place, compared
 * word by word. Pure: two lists of paragraph texts in, changes out.
 */
export interface ParagraphChange {
  op: 'changed' | 'added' | 'removed';
  /** 0-based paragraph of the earlier edition (null when added) */
  from: number | null;
  /** 0-based paragraph of the later edition (null when removed) */
  to: number | null;
  ops: DiffOp[];
}

export interface ParagraphDiff {
  changes: ParagraphChange[];
  unchanged: number;
  /** more changes than are listed */
  truncated: boolean;
}

export const MAX_PARAGRAPH_CHANGES = 500;
/** Below this share of words in common, a removed and an added paragraph are two separate changes. */
const PAIR_THRESHOLD = 0.3;

function shared(ops: readonly DiffOp[]): number {
  const words = (op: DiffOp['op']) => ops.filter((o) => o.op !== op).reduce((n, o) => n + (o.text.match(/\S+/g)?.length ?? 0), 0);
  const same = ops.filter((o) => o.op === 'eq').reduce((n, o) => n + (o.text.match(/\S+/g)?.length ?? 0), 0);
  return same / Math.max(words('add'), words('del'), 1);
}

function pairRun(removed: number[], added: number[], before: readonly string[], after: readonly string[], out: ParagraphChange[]): void {
  const pairs = Math.min(removed.length, added.length);
  for (let k = 0; k < pairs; k++) {
    const ops = diffText(before[removed[k]!]!, after[added[k]!]!);
    if (shared(ops) >= PAIR_THRESHOLD) out.push({ op: 'changed', from: removed[k]!, to: added[k]!, ops });
    else {
      out.push({ op: 'removed', from: removed[k]!, to: null, ops: [{ op: 'del', text: before[removed[k]!]! }] });
      out.push({ op: 'added', from: null, to: added[k]!, ops: [{ op: 'add', text: after[added[k]!]! }] });
    }
  }
  for (const i of removed.slice(pairs)) out.push({ op: 'removed', from: i, to: null, ops: [{ op: 'del', text: before[i]! }] });
  for (const j of added.slice(pairs)) out.push({ op: 'added', from: null, to: j, ops: [{ op: 'add', text: after[j]! }] });
}

export function diffParagraphs(before: readonly string[], after: readonly string[]): ParagraphDiff {
  const changes: ParagraphChange[] = [];
  let unchanged = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    if (removed.length || added.length) pairRun(removed, added, before, after, changes);
    removed = [];
    added = [];
  };
  for (const s of align(before.map(normalizeQuote), after.map(normalizeQuote))) {
    if (s.op === 'eq') {
      flush();
      unchanged++;
    } else if (s.op === 'del') removed.push(s.a);
    else added.push(s.b);
  }
  flush();
  return { changes: changes.slice(0, MAX_PARAGRAPH_CHANGES), unchanged, truncated: changes.length > MAX_PARAGRAPH_CHANGES };
}
