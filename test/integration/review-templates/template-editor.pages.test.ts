import { expect } from 'chai';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { givenAgencies, givenUser, loginAs, makeApp, type Session } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';

type Body = Record<string, string>;

/** A valid editor post, as the browser sends it (bracketed names, every row a group). */
function editorForm(over: Body = {}): Body {
  return {
    title: 'Mẫu thử nghiệm', description: '', scope: 'Văn bản **còn hiệu lực**', method: '- Rà soát từng điều',
    'outline[0][heading]': 'I. Tình hình', 'outline[0][guidance]': 'Nêu kế hoạch', 'outline[0][key]': '',
    'outline[1][heading]': 'II. Kết quả', 'outline[1][guidance]': '', 'outline[1][key]': '',
    'fields[0][key]': 'so_ky_hieu', 'fields[0][label_vi]': 'Số, ký hiệu', 'fields[0][label_en]': 'Number', 'fields[0][type]': 'docref', 'fields[0][required]': '1', 'fields[0][options]': '', 'fields[0][help]': '',
    'fields[1][key]': 'kien_nghi', 'fields[1][label_vi]': 'Kiến nghị', 'fields[1][label_en]': '', 'fields[1][type]': 'enum', 'fields[1][options]': 'Sửa đổi\nbai-bo | Bãi bỏ | Repeal', 'fields[1][help]': '',
    'appendix[title]': 'Danh mục văn bản', 'appendix[orientation]': 'landscape', 'appendix[sttWidth]': '4',
    'appendix[columns][0][fieldKey]': 'so_ky_hieu', 'appendix[columns][0][width]': '30', 'appendix[columns][0][label_vi]': '', 'appendix[columns][0][label_en]': '',
    'appendix[columns][1][fieldKey]': 'kien_nghi', 'appendix[columns][1][width]': '20', 'appendix[columns][1][label_vi]': '', 'appendix[columns][1][label_en]': '',
    recommendationField: 'kien_nghi', documentField: 'so_ky_hieu', tab: 'scope',
    ...over,
  };
}

async function post(s: Session, path: string, body: Body) {
  // The token first: the agent attaches its cookies when the request is created.
  const token = await s.csrf('/admin/templates');
  return s.agent.post(path).type('form').send({ ...body, _csrf: token });
}

async function adminSession(): Promise<Session> {
  await givenAgencies();
  return loginAs(makeApp(), await givenUser({ role: 'admin' }));
}

describe('template editor pages', () => {
  beforeEach(resetDatabase);

  it('when an admin saves a new template from the form, then the draft is stored (enum options parsed, one per line) and audited', async () => {
    const s = await adminSession();
    const res = await post(s, '/admin/templates/new', { ...editorForm(), action: 'save' });
    expect(res.status).to.equal(302);
    const t = await ReviewTemplateModel.findOne({ title: 'Mẫu thử nghiệm' }).lean();
    expect(res.headers.location).to.equal(`/admin/templates/${t!._id.toString()}/edit`);
    expect(t).to.deep.include({ status: 'draft', version: 1, recommendationField: 'kien_nghi', documentField: 'so_ky_hieu' });
    expect(t!.fields[1]!.options).to.deep.equal([
      { value: 'sua-doi', label_vi: 'Sửa đổi', label_en: '' },
      { value: 'bai-bo', label_vi: 'Bãi bỏ', label_en: 'Repeal' },
    ]);
    expect(t!.fields[0]!.required).to.equal(true);
    expect(t!.outline.map((o) => o.heading)).to.deep.equal(['I. Tình hình', 'II. Kết quả']);
    expect(t!.appendix.columns.map((c) => [c.fieldKey, c.width])).to.deep.equal([['so_ky_hieu', 30], ['kien_nghi', 20]]);
    expect(await AuditEventModel.countDocuments({ action: 'template.create', 'object.id': t!._id.toString() })).to.equal(1);
  });

  it('when the form is invalid, then 422 re-renders it with the typed values and the validator’s Vietnamese message beside each field; nothing is saved', async () => {
    const s = await adminSession();
    const res = await post(s, '/admin/templates/new', {
      ...editorForm({ 'fields[1][key]': 'so_ky_hieu', 'fields[1][options]': '', title: 'Mẫu có lỗi', 'appendix[columns][1][fieldKey]': 'khong_co' }),
      action: 'save',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('value="Mẫu có lỗi"');
    expect(res.text).to.contain('Mã trường “so_ky_hieu” bị trùng (trường thứ 1 và thứ 2).');
    expect(res.text).to.contain('Trường kiểu danh sách chọn “Kiến nghị” cần ít nhất một lựa chọn.');
    expect(res.text).to.contain('Cột thứ 2 của phụ lục tham chiếu trường “khong_co” không có trong biểu mẫu.');
    // the first tab with an error opens, and the message sits in the row of the field it concerns
    expect(res.text).to.match(/<section id="pane-fields"[^>]*class=""/);
    expect(res.text).to.match(/name="fields\[1\]\[key\]" value="so_ky_hieu"[^>]*>\s*<div class="invalid-feedback">Mã trường/);
    expect(await ReviewTemplateModel.countDocuments({ title: 'Mẫu có lỗi' })).to.equal(0);
  });

  it('when an admin gives an appendix column a short header and a note under the table, then both are saved; a header too long comes back 422 with the typed text and the message by it', async () => {
    const s = await adminSession();
    const note = 'Cột “Kiến nghị xử lý”: kiến nghị đình chỉ việc thi hành, ngưng hiệu lực, sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới.';
    const long = 'Kiến nghị (đình chỉ việc thi hành, ngưng hiệu lực, sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới)';
    const invalid = await post(s, '/admin/templates/new', { ...editorForm({ 'appendix[columns][1][label_vi]': long, 'appendix[columns][1][note_vi]': note, tab: 'appendix' }), action: 'save' });
    expect(invalid.status).to.equal(422);
    expect(invalid.text).to.match(/<input class="[^"]*is-invalid[^"]*" name="appendix\[columns\]\[1\]\[label_vi\]" value="Kiến nghị \(đình chỉ/);
    expect(invalid.text).to.include('Tiêu đề cột tối đa 80 ký tự');
    expect(invalid.text).to.match(/<textarea[^>]*name="appendix\[columns\]\[1\]\[note_vi\]"[^>]*>Cột “Kiến nghị xử lý”/);
    expect(await ReviewTemplateModel.countDocuments()).to.equal(0);

    const saved = await post(s, '/admin/templates/new', { ...editorForm({ 'appendix[columns][1][label_vi]': 'Kiến nghị xử lý', 'appendix[columns][1][note_vi]': note, tab: 'appendix' }), action: 'save' });
    expect(saved.status).to.equal(302);
    const t = (await ReviewTemplateModel.findOne({ title: 'Mẫu thử nghiệm' }).lean())!;
    expect(t.appendix.columns[1]).to.deep.include({ label_vi: 'Kiến nghị xử lý', note_vi: note });
    // The editor shows them again, the note in its own labelled box.
    const page = await s.agent.get(saved.headers.location!);
    expect(page.text).to.include('value="Kiến nghị xử lý"').and.include('Ghi chú dưới bảng (cột 2)');
    expect(page.text).to.match(/<textarea[^>]*name="appendix\[columns\]\[1\]\[note_vi\]"[^>]*>Cột “Kiến nghị xử lý”: kiến nghị đình chỉ/);
  });

  it('when row buttons are pressed without JavaScript, then fields, sections and columns are added, moved and removed in the re-rendered form, unsaved', async () => {
    const s = await adminSession();
    const added = await post(s, '/admin/templates/new', { ...editorForm(), action: 'add_field' });
    expect(added.status).to.equal(200);
    expect(added.text).to.contain('name="fields[2][key]" value=""');
    const moved = await post(s, '/admin/templates/new', { ...editorForm(), action: 'up_field:1' });
    expect(moved.text).to.match(/name="fields\[0\]\[key\]" value="kien_nghi"/);
    expect(moved.text).to.match(/name="fields\[1\]\[key\]" value="so_ky_hieu"/);
    const removed = await post(s, '/admin/templates/new', { ...editorForm(), action: 'remove_field:0' });
    expect(removed.text).to.not.contain('name="fields[1][key]"');
    // the removed field's appendix column goes with it
    expect(removed.text).to.not.contain('name="appendix[columns][1][fieldKey]"');
    const section = await post(s, '/admin/templates/new', { ...editorForm(), action: 'down_section:0' });
    expect(section.text).to.match(/name="outline\[0\]\[heading\]" value="II. Kết quả"/);
    const column = await post(s, '/admin/templates/new', { ...editorForm(), action: 'remove_column:0' });
    expect(column.text).to.match(/<section id="pane-appendix"[^>]*class=""/);
    expect(column.text).to.not.contain('name="appendix[columns][1][fieldKey]"');
    expect(await ReviewTemplateModel.countDocuments()).to.equal(0);
  });

  it('when the built-in template is duplicated and the draft edited with a stale rev, then the copy is v1 of a new family and the stale save is 409 with the input kept', async () => {
    const s = await adminSession();
    await installBuiltinTemplates();
    const builtin = (await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean())!;
    const dup = await post(s, `/admin/templates/${builtin._id.toString()}/duplicate`, {});
    expect(dup.status).to.equal(302);
    const copy = (await ReviewTemplateModel.findOne({ title: `${builtin.title} (bản sao)` }).lean())!;
    expect(copy).to.deep.include({ status: 'draft', version: 1 });
    expect(copy.family.toString()).to.not.equal(builtin.family.toString());
    expect(copy.fields.length).to.equal(builtin.fields.length);

    const page = await s.agent.get(`/admin/templates/${copy._id.toString()}/edit?tab=fields`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`name="fields[${builtin.fields.length - 1}][key]"`);
    expect(page.text).to.contain('src="/static/js/template-editor.js"');

    // resubmit the page's own values, changed title: saved
    const form = formValuesOf(page.text);
    const saved = await post(s, `/admin/templates/${copy._id.toString()}/edit`, { ...form, title: 'Đề án 06, bản của Vụ', action: 'save' });
    expect(saved.status).to.equal(302);
    const after = (await ReviewTemplateModel.findById(copy._id).lean())!;
    expect(after.title).to.equal('Đề án 06, bản của Vụ');
    expect(after.fields).to.deep.equal(copy.fields);
    expect(after.appendix).to.deep.equal(copy.appendix);
    // the same form again carries the old rev
    const stale = await post(s, `/admin/templates/${copy._id.toString()}/edit`, { ...form, title: 'Lần sửa cũ', action: 'save' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain('value="Lần sửa cũ"');
    expect(stale.text).to.contain('Mẫu vừa được người khác sửa');
    // a published version has no editor
    expect((await s.agent.get(`/admin/templates/${builtin._id.toString()}/edit`)).status).to.equal(409);
  });

  it('when the Markdown preview is asked for, then it comes back rendered and sanitised', async () => {
    const s = await adminSession();
    const token = await s.csrf('/admin/templates');
    const res = await s.agent.post('/admin/templates/markdown-preview').set('x-csrf-token', token).send({ text: '**Đậm** <script>alert(1)</script><img src=x onerror=alert(1)>' });
    expect(res.status).to.equal(200);
    expect(res.body.html).to.contain('<strong>Đậm</strong>');
    expect(res.body.html).to.not.match(/script|onerror|<img/);
  });

  it('when an admin opens the list, then each version has its actions and publishing asks for confirmation naming the template', async () => {
    const s = await adminSession();
    await post(s, '/admin/templates/new', { ...editorForm(), action: 'save' });
    const list = await s.agent.get('/admin/templates');
    expect(list.text).to.contain('data-confirm="Công bố mẫu “Mẫu thử nghiệm” (v1)?');
    expect(list.text).to.contain('href="/admin/templates/new"');
  });
});

/** The name/value pairs of the editor form's inputs, textareas and selects, as a browser would post them. */
function formValuesOf(html: string): Body {
  const out: Body = {};
  const decode = (s: string) => s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const a = m[1]!;
    const name = /name="([^"]+)"/.exec(a)?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="checkbox"/.test(a) && !/ checked/.test(a)) continue;
    out[name] = decode(/value="([^"]*)"/.exec(a)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = decode(m[2]!);
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    out[m[1]!] = decode(/<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '');
  }
  return out;
}
