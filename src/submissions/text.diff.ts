/**
 * Word-level text diff for report sections and long fields. Common prefix and
 * suffix are trimmed first, so a typical edit leaves a small middle for the
 * LCS table; a middle too large to compare cheaply is shown as replaced.
 */
export type DiffOp = { op: 'eq' | 'add' | 'del'; text: string };

const MAX_CELLS = 2_000_000;

/** Words with the whitespace that follows them, so joining the tokens gives the text back. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').match(/\S+\s*|\s+/g) ?? [];
}

function push(ops: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) last.text += text;
  else ops.push({ op, text });
}

/** Compares tokens on their word, ignoring how much whitespace follows. */
const keyOf = (t: string) => t.trimEnd();

/** One step of an alignment: `a`/`b` index the two sequences (the side a step does not touch is -1). */
export interface AlignStep {
  op: DiffOp['op'];
  a: number;
  b: number;
}

/**
 * Longest-common-subsequence alignment of two sequences of keys. Common prefix and suffix
 * first; a middle too large for the table comes out as all removed then all added.
 */
export function align(a: readonly string[], b: readonly string[]): AlignStep[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const steps: AlignStep[] = [];
  for (let k = 0; k < start; k++) steps.push({ op: 'eq', a: k, b: k });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) steps.push({ op: 'del', a: i, b: -1 });
    for (let j = start; j < endB; j++) steps.push({ op: 'add', a: -1, b: j });
  } else if (n > 0 || m > 0) {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB), flattened row-major.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) steps.push({ op: 'eq', a: start + i++, b: start + j++ });
      else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) steps.push({ op: 'del', a: start + i++, b: -1 });
      else steps.push({ op: 'add', a: -1, b: start + j++ });
    }
    while (i < n) steps.push({ op: 'del', a: start + i++, b: -1 });
    while (j < m) steps.push({ op: 'add', a: -1, b: start + j++ });
  }
  for (let k = 0; k < a.length - endA; k++) steps.push({ op: 'eq', a: endA + k, b: endB + k });
  return steps;
}

export function diffTokens(a: readonly string[], b: readonly string[]): DiffOp[] {
  const ops: DiffOp[] = [];
  // An unchanged word shows as it is now (its following whitespace may differ).
  for (const s of align(a.map(keyOf), b.map(keyOf))) push(ops, s.op, s.op === 'del' ? a[s.a]! : b[s.b]!);
  return ops;
}

export function diffText(before: string, after: string): DiffOp[] {
  return diffTokens(tokenize(before ?? ''), tokenize(after ?? ''));
}

export function hasChanges(ops: readonly DiffOp[]): boolean {
  return ops.some((o) => o.op !== 'eq');
}
