import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { hasKey } from '../../../src/i18n/index.js';
import { TRANSITION_ACTIONS } from '../../../src/reviews/transition.machine.js';

const SRC = path.resolve(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('audit log words', () => {
  it('when any service writes an audit event, then its action has a label in Vietnamese and English', () => {
    const actions = new Set<string>(TRANSITION_ACTIONS.map((a) => `submission.${a}`));
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\baudit\([\s\S]{0,160}?'([a-z_]+\.[a-z_]+)'/g)) actions.add(m[1]!);
    }
    expect(actions.size).to.be.greaterThan(30);
    const missing = [...actions].filter((a) => !hasKey(`audit.actions.${a}`, 'vi') || !hasKey(`audit.actions.${a}`, 'en'));
    expect(missing).to.deep.equal([]);
  });
});
