import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { resetDatabase } from '../../support/hooks.js';
import { body, cells, dataTables, rows, text, unzip, type Parts } from '../../unit/reports/docx-reader.js';
import { binary } from '../reports/world.js';
import { answerAll, givenTaskCampaign, importTasks, taskList, taskWorkbook, type Given, type TaskWorld } from './world.js';

async function download(w: TaskWorld, path: string, auth: string): Promise<Buffer> {
  const res = await request(w.app).get(`/api/v1${path}`).set('Authorization', auth).buffer(true).parse(binary);
  expect(res.status, path).to.equal(200);
  return res.body as Buffer;
}

const tableRows = (parts: Parts, n: number): string[][] => rows(dataTables(body(parts))[n]!).map(cells);

/** Under each agency's heading row, the first cell after STT (the task code) of its rows. */
function grouped(table: string[][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const r of table.slice(1)) {
    if (r.length === 2) out.set((current = r[1]!), []);
    else out.get(current)!.push(r[1]!);
  }
  return out;
}

describe('reconciliation reports', function () {
  this.timeout(300_000);
  let w: TaskWorld;
  let givenRows: Given[][];
  const added = (k: number) => `Đầu việc bổ sung của cơ quan số ${k + 1}: cấp thẻ căn cước cho người gốc Việt Nam`;

  before(async () => {
    await resetDatabase();
    w = await givenTaskCampaign(10);
    const imported = await importTasks(w, await taskWorkbook(taskList(10, 20), w.agencies));
    expect(imported.status).to.equal(201);
    givenRows = [];
    for (let k = 0; k < 10; k++) {
      // The last agency leaves its list unanswered: the report shows it as such.
      givenRows.push(k === 9 ? [] : await answerAll(w, k));
      if (k < 3) {
        const res = await request(w.app).post(`/api/v1/submissions/${w.subs[k]}/items`).set('Authorization', w.tokens[k]!).send({
          version: 1, values: { noi_dung: added(k), nhom: 'cong-dan-so', ket_qua: 'con-thieu', van_ban_du_kien: 'Nghị định mới', thoi_han_du_kien: '31/12/2027' },
        });
        expect(res.status).to.equal(201);
      }
    }
  });

  it('when the consolidated reconciliation is downloaded as .docx, then it lists exactly the missing tasks per agency and the added ones', async () => {
    const parts = await unzip(await download(w, `/campaigns/${w.campaignId}/reports/reconciliation.docx`, w.admin));
    const all = text(body(parts));
    expect(all).to.contain('ĐẦU VIỆC CÒN THIẾU, CẦN BAN HÀNH BỔ SUNG').and.contain('ĐẦU VIỆC CƠ QUAN BỔ SUNG, CHƯA CÓ TRONG DANH MỤC').and.contain('ĐẦU VIỆC QUÁ HẠN');
    expect(all).to.not.contain('Kiến nghị ban hành mới');

    const expectedMissing = new Map<string, string[]>();
    for (let k = 0; k < 9; k++) {
      const codes = givenRows[k]!.filter((r) => r.position % 4 === 0).map((r) => r.values.ma_dau_viec as string);
      if (codes.length) expectedMissing.set(w.agencies[k]!.nameVi, codes);
    }
    expect(grouped(tableRows(parts, 2))).to.deep.equal(expectedMissing);

    const addedTable = grouped(tableRows(parts, 3));
    expect([...addedTable.keys()]).to.deep.equal(w.agencies.slice(0, 3).map((a) => a.nameVi));
    expect([...addedTable.values()].flat()).to.deep.equal([0, 1, 2].map(added));

    // By agency: 20 led + coordinated per agency; the total line adds up to every assignment.
    const byAgency = tableRows(parts, 0);
    expect(byAgency[0]!.slice(1, 4)).to.deep.equal(['Cơ quan', 'Được giao', 'Đã trả lời']);
    const totals = byAgency[byAgency.length - 1]!;
    const answered = givenRows.flat();
    const by = (o: number) => String(answered.filter((r) => r.position % 4 === o).length);
    const unanswered = 240 - answered.length;
    expect(totals.slice(1, 9)).to.deep.equal(['Tổng cộng', '240', String(answered.length), by(1), by(2), by(0), by(3), String(unanswered)]);
    expect(totals[10]).to.equal('3');
    // Overdue: deadline passed (every third task) and neither covered nor not applicable, unanswered included.
    const past = (position: number) => (position - 1) % 3 === 0;
    const overdueAnswered = answered.filter((r) => past(r.position) && [0, 2].includes(r.position % 4)).length;
    const overdueUnanswered = taskList(10, 20).filter((t, i) => t.lead === 9 && past(i + 1)).length;
    expect(totals[9]).to.equal(String(overdueAnswered + overdueUnanswered));
    expect(tableRows(parts, 4).slice(1).filter((r) => r.length > 2)).to.have.length(overdueAnswered + overdueUnanswered);
    const last = byAgency.find((r) => r[1] === w.agencies[9]!.nameVi)!;
    expect(last.slice(2, 4)).to.deep.equal([String(unanswered), '0']);
  });

  it('when an agency downloads its own reconciliation, then it has its own tasks only; another agency\'s is not found', async () => {
    const parts = await unzip(await download(w, `/submissions/${w.subs[1]}/reports/reconciliation.docx`, w.tokens[1]!));
    const missing = grouped(tableRows(parts, 2));
    expect([...missing.keys()]).to.deep.equal([w.agencies[1]!.nameVi]);
    expect(missing.get(w.agencies[1]!.nameVi)).to.deep.equal(givenRows[1]!.filter((r) => r.position % 4 === 0).map((r) => r.values.ma_dau_viec));
    const byAgency = tableRows(parts, 0).map((r) => r[1]);
    expect(byAgency).to.deep.equal(['Cơ quan', w.agencies[1]!.nameVi, 'Tổng cộng']);
    const foreign = await request(w.app).get(`/api/v1/submissions/${w.subs[2]}/reports/reconciliation.docx`).set('Authorization', w.tokens[1]!);
    expect(foreign.status).to.equal(404);
  });

  it('when the reconciliation is downloaded as .xlsx, then each table is a worksheet with the same rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(w, `/campaigns/${w.campaignId}/reports/reconciliation.xlsx`, w.reviewer)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['Theo cơ quan', 'Theo nhóm', 'Còn thiếu', 'Bổ sung', 'Quá hạn']);
    const addedSheet = wb.getWorksheet('Bổ sung')!;
    const titles: string[] = [];
    addedSheet.eachRow((row, n) => { if (n > 2 && typeof row.getCell(2).value === 'string') titles.push(row.getCell(2).value as string); });
    expect(titles.filter((t) => t.startsWith('Đầu việc bổ sung'))).to.have.length(3);
  });
});
