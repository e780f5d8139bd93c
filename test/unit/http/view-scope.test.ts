import { expect } from 'chai';
import ejs from 'ejs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scopedTemplate, VIEW_COMPILE_OPTIONS } from '../../../src/http/view-scope.js';

// Templates are compiled without `with (locals)`; what they draw must not change.
describe('templates compiled with their names taken from locals', () => {
  const locals = {
    items: [
      { _id: 'a1', values: { ten: 'Nghị định <số 1>', so: 3 } },
      { _id: 'b2', values: { ten: 'Thông tư & hướng dẫn', so: 0 } },
    ],
    t: (key: string, p?: { n: number }) => `${key}${p ? `:${p.n}` : ''}`,
    lang: 'vi',
    title: 'Danh mục',
    compact: false,
  };
  const cases: Record<string, string> = {
    'a loop over rows with escaping, helpers and globals': `<ul><% items.forEach((item, i) => { const id = String(item._id); %><li id="row-<%= id %>"><%= i + 1 %>. <%= item.values.ten %> (<%- JSON.stringify(item.values.so) %>) <%= t('rows.n', { n: i + 1 }) %></li><% }) %></ul>`,
    'a name the template declares shadows a local': `<% const title = 'Riêng'; %><h1><%= title %></h1><p><%= lang %></p>`,
    'an optional local checked with typeof': `<%= typeof tab !== 'undefined' && tab ? tab : 'rows' %>|<%= compact ? 'gọn' : 'đủ' %>`,
    'a comment tag and names inside strings': `<%# items are drawn below %><%= 'items' + Math.max(1, items.length) %>`,
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`when ${name}, then it draws what EJS with \`with\` draws`, () => {
      const scoped = ejs.render(scopedTemplate(text), locals, VIEW_COMPILE_OPTIONS);
      expect(scoped).to.equal(ejs.render(text, locals));
    });
  }

  it('when the template is compiled, then it has no `with` block and takes only names that are not globals or keywords', () => {
    const text = cases['a loop over rows with escaping, helpers and globals']!;
    const names = /^<% const \{ (.*) \} = locals; \{ %>/.exec(scopedTemplate(text))![1]!.split(', ');
    expect(names).to.include.members(['items', 'item', 'i', 'id', 't']);
    expect(names).not.to.include.any.members(['String', 'JSON', 'const', 'locals', 'escapeFn', 'values', '_id']);
    const source = ejs.compile(scopedTemplate(text), { ...VIEW_COMPILE_OPTIONS, client: true }).toString();
    expect(source).not.to.match(/\bwith \(/);
  });

  it('when a template throws while it is drawn, then the error names its own line (no line was added)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'view-scope-'));
    const file = path.join(dir, 'page.ejs');
    fs.writeFileSync(file, '<p>một</p>\n<p>hai</p>\n<%= items.missing.length %>\n');
    try {
      expect(() => ejs.render(scopedTemplate(fs.readFileSync(file, 'utf8')), locals, { ...VIEW_COMPILE_OPTIONS, filename: file, compileDebug: true }))
        .to.throw(TypeError)
        .with.property('message')
        .that.matches(/page\.ejs:3/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
