import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findCitations, type CitationMention } from '../../../src/citations/index.js';
import { foldPhrase } from '../../../src/citations/fold.js';

/**
 * Scores the finder on the labelled set in test/fixtures/citations (see its README): a found
 * mention counts when it overlaps a labelled one and names the same document.
 */

interface Label {
  start: number;
  end: number;
  text: string;
  kind: 'numbered' | 'named';
  type: string | null;
  number?: string;
  name?: string | null;
}

const dir = path.resolve('test/fixtures/citations');
const labels = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Record<string, Label[]>;
const today = new Date('2026-11-30');

const squash = (s: string) => foldPhrase(s).replace(/\s+/g, '');
const family = (t: string | null) => (t ? foldPhrase(t).replace(/^bo /, '') : '');

function sameDocument(found: CitationMention, label: Label): boolean {
  if (found.start >= label.end || label.start >= found.end) return false;
  if (label.kind === 'numbered') return found.kind === 'numbered' && squash(found.number ?? '') === squash(label.number ?? '');
  if (found.kind !== 'named' || family(found.typeName) !== family(label.type)) return false;
  const a = foldPhrase(found.name ?? '');
  const b = foldPhrase(label.name ?? '');
  return a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `) || a.startsWith(`${b},`) || b.startsWith(`${a},`);
}

interface Tally {
  tp: number;
  found: number;
  labelled: number;
  exact: number;
}

function score() {
  const by = { all: newTally(), numbered: newTally(), named: newTally() };
  const misses: string[] = [];
  for (const [file, gold] of Object.entries(labels)) {
    const found = findCitations(fs.readFileSync(path.join(dir, 'texts', file), 'utf8'), { today });
    const used = new Set<number>();
    for (const f of found) {
      by.all.found++;
      by[f.kind].found++;
    }
    for (const g of gold) {
      by.all.labelled++;
      by[g.kind].labelled++;
      const k = found.findIndex((f, i) => !used.has(i) && sameDocument(f, g));
      if (k < 0) {
        misses.push(`${file}@${g.start} missed ${g.text}`);
        continue;
      }
      used.add(k);
      const exact = found[k].start === g.start && found[k].end === g.end ? 1 : 0;
      for (const t of [by.all, by[g.kind]]) {
        t.tp++;
        t.exact += exact;
      }
    }
    found.forEach((f, i) => {
      if (!used.has(i)) misses.push(`${file}@${f.start} extra ${f.text}`);
    });
  }
  return { by, misses };
}

function newTally(): Tally {
  return { tp: 0, found: 0, labelled: 0, exact: 0 };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('citation finder on the labelled set', () => {
  it('finds the labelled mentions with the precision and recall a lawyer can trust', () => {
    const { by, misses } = score();
    const rows = Object.entries(by).map(([k, t]) => ({
      set: k,
      labelled: t.labelled,
      precision: ratio(t.tp, t.found).toFixed(3),
      recall: ratio(t.tp, t.labelled).toFixed(3),
      exactSpan: ratio(t.exact, t.tp).toFixed(3),
    }));
    console.table(rows);
    if (misses.length) console.log(misses.slice(0, 20).join('\n'));
    expect(by.all.labelled).to.be.greaterThan(400);
    expect(by.named.labelled).to.be.greaterThan(150);
    for (const t of Object.values(by)) {
      expect(ratio(t.tp, t.found), 'precision').to.be.at.least(0.97);
      expect(ratio(t.tp, t.labelled), 'recall').to.be.at.least(0.95);
    }
  });
});
