import { expect } from 'chai';
import { specFromState, stateFromBody, stateFromSpec } from '../../../src/review-templates/template.form.js';
import { validateTemplateSpec } from '../../../src/review-templates/template.validate.js';

describe('template editor: number bounds', () => {
  const body = {
    title: 'Mẫu có trường số',
    fields: [
      { key: 'so_ky_hieu', label_vi: 'Số, ký hiệu', type: 'docref' },
      { key: 'so_luong', label_vi: 'Số lượng', type: 'number', min: '0', max: '1.000', integer: '1' },
    ],
    appendix: { title: 'Danh mục', columns: [{ fieldKey: 'so_ky_hieu', width: '30' }] },
  };

  it('when an admin types bounds in Vietnamese notation and ticks whole numbers, then the spec carries them and they come back as typed', () => {
    const spec = specFromState(stateFromBody(body));
    const res = validateTemplateSpec(spec);
    if (!res.ok) return expect.fail(JSON.stringify(res.errors));
    expect(res.spec.fields[1]!.number).to.deep.equal({ min: 0, max: 1000, integer: true });
    const again = stateFromSpec(res.spec).fields[1]!;
    expect(again).to.include({ min: '0', max: '1.000', integer: true });
  });

  it('when a bound cannot be read, then the editor reports it by the field', () => {
    const res = validateTemplateSpec(specFromState(stateFromBody({ ...body, fields: [body.fields[0], { ...body.fields[1], min: 'mười' }] })));
    expect(res.ok).to.equal(false);
    if (res.ok) return;
    expect(res.errors.map((e) => e.field)).to.include('fields.1.number.min');
  });
});
