import type { ItemValue } from '../review-templates/item-values.js';
import { diffText, hasChanges, type DiffOp } from './text.diff.js';
import type { ParagraphDiff } from './word.diff.js';

/**
 * What changed between two submitted versions: rows added, removed, and
 * changed field by field (matched by row id, which survives edits), report
 * sections word by word, and files by their hash. Pure: versions in, diff out.
 */
export interface SnapshotItem {
  id: string;
  values: Record<string, ItemValue | undefined>;
}

export interface SnapshotAttachment {
  id: string;
  name: string;
  sha256: string;
  size: number;
  type: string;
}

export interface Snapshot {
  items: readonly SnapshotItem[];
  report: Readonly<Record<string, string | undefined>>;
  attachments: readonly SnapshotAttachment[];
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
  ops: DiffOp[];
}

export interface ChangedItem {
  id: string;
  /** 1-based positions, for "dòng 3 → dòng 2" */
  fromIndex: number;
  toIndex: number;
  before: SnapshotItem;
  after: SnapshotItem;
  changes: FieldChange[];
}

export interface SectionChange {
  key: string;
  changed: boolean;
  ops: DiffOp[];
}

/** A Word file replaced by its next edition, and the paragraphs that differ. */
export interface WordFileDiff {
  from: { id: string; name: string };
  to: { id: string; name: string };
  paragraphs: ParagraphDiff;
}

export interface VersionDiff {
  items: { added: SnapshotItem[]; removed: SnapshotItem[]; changed: ChangedItem[]; unchanged: number };
  sections: SectionChange[];
  attachments: { added: SnapshotAttachment[]; removed: SnapshotAttachment[]; kept: SnapshotAttachment[] };
  /** filled by the service, which reads the files' paragraphs */
  wordFiles?: WordFileDiff[];
  changed: boolean;
}

/** One comparable string per value: a document reference compares by what was typed. */
export function valueText(v: ItemValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.input || v.text || '';
  return String(v);
}

function diffItems(before: readonly SnapshotItem[], after: readonly SnapshotItem[], fieldOrder: readonly string[]): VersionDiff['items'] {
  const oldById = new Map(before.map((it, i) => [it.id, { it, i }]));
  const newIds = new Set(after.map((it) => it.id));
  const added: SnapshotItem[] = [];
  const changed: ChangedItem[] = [];
  let unchanged = 0;
  after.forEach((it, toIdx) => {
    const prev = oldById.get(it.id);
    if (!prev) {
      added.push(it);
      return;
    }
    const keys = [...new Set([...fieldOrder, ...Object.keys(prev.it.values), ...Object.keys(it.values)])];
    const changes: FieldChange[] = [];
    for (const key of keys) {
      const from = valueText(prev.it.values[key]);
      const to = valueText(it.values[key]);
      if (from !== to) changes.push({ field: key, from, to, ops: diffText(from, to) });
    }
    if (changes.length) changed.push({ id: it.id, fromIndex: prev.i + 1, toIndex: toIdx + 1, before: prev.it, after: it, changes });
    else unchanged++;
  });
  const removed = before.filter((it) => !newIds.has(it.id));
  return { added, removed, changed, unchanged };
}

export function diffSnapshots(before: Snapshot, after: Snapshot, opts: { fieldOrder?: readonly string[]; sectionOrder?: readonly string[] } = {}): VersionDiff {
  const items = diffItems(before.items, after.items, opts.fieldOrder ?? []);
  const sectionKeys = [...new Set([...(opts.sectionOrder ?? []), ...Object.keys(before.report), ...Object.keys(after.report)])];
  const sections = sectionKeys.map((key) => {
    const ops = diffText(before.report[key] ?? '', after.report[key] ?? '');
    return { key, changed: hasChanges(ops), ops };
  });
  const oldHashes = new Set(before.attachments.map((a) => a.sha256));
  const newHashes = new Set(after.attachments.map((a) => a.sha256));
  const attachments = {
    added: after.attachments.filter((a) => !oldHashes.has(a.sha256)),
    removed: before.attachments.filter((a) => !newHashes.has(a.sha256)),
    kept: after.attachments.filter((a) => oldHashes.has(a.sha256)),
  };
  const changed =
    items.added.length + items.removed.length + items.changed.length > 0 ||
    sections.some((s) => s.changed) ||
    attachments.added.length + attachments.removed.length > 0;
  return { items, sections, attachments, changed };
}
