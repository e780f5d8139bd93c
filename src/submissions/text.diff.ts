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

export function diffTokens(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && keyOf(a[start]!) === keyOf(b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && keyOf(a[endA - 1]!) === keyOf(b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const ops: DiffOp[] = [];
  push(ops, 'eq', b.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    push(ops, 'del', midA.join(''));
    push(ops, 'add', midB.join(''));
  } else if (n > 0 || m > 0) {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], flattened row-major.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = keyOf(midA[i]!) === keyOf(midB[j]!) ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (keyOf(midA[i]!) === keyOf(midB[j]!)) {
        push(ops, 'eq', midB[j]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
        push(ops, 'del', midA[i++]!);
      } else {
        push(ops, 'add', midB[j++]!);
      }
    }
    while (i < n) push(ops, 'del', midA[i++]!);
    while (j < m) push(ops, 'add', midB[j++]!);
  }
  push(ops, 'eq', b.slice(endB).join(''));
  return ops;
}

export function diffText(before: string, after: string): DiffOp[] {
  return diffTokens(tokenize(before ?? ''), tokenize(after ?? ''));
}

export function hasChanges(ops: readonly DiffOp[]): boolean {
  return ops.some((o) => o.op !== 'eq');
}
