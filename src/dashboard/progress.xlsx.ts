import type { Translate } from '../i18n/index.js';
import { formatDateTime } from '../i18n/index.js';
import { deadlineState } from './deadline.js';
import type { CampaignProgress, ProgressRow } from './progress.service.js';

/** The words of the "days" column, shared by the page and the export so they never disagree. */
export function deadlineText(t: Translate, row: ProgressRow, deadline: Date, now = new Date()): string {
  if (row.submittedAt && !['draft', 'changes_requested', 'not_started'].includes(row.status)) return t('dashboard.sent_on', { date: formatDateTime(row.submittedAt) });
  const d = deadlineState(deadline, now);
  if (d.kind === 'overdue') return t('dashboard.overdue_days', { n: d.days });
  if (d.kind === 'today') return t('dashboard.due_today');
  return t('dashboard.days_left', { n: d.days });
}

/** The progress table as shown (same filter and order), for people who work in Excel. */
export async function progressWorkbook(t: Translate, progress: CampaignProgress, rows: ProgressRow[], now = new Date()): Promise<Buffer> {
  // exceljs is heavy to load; only an export pays for it, not the app's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rasoat';
  wb.created = now;
  const ws = wb.addWorksheet(t('dashboard.sheet_name'), { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [
    { key: 'stt', width: 6 }, { key: 'agency', width: 42 }, { key: 'kind', width: 22 }, { key: 'status', width: 24 },
    { key: 'items', width: 10 }, { key: 'comments', width: 14 }, { key: 'activity', width: 18 }, { key: 'deadline', width: 26 },
  ];
  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = t('dashboard.sheet_title', { title: progress.campaign.title });
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.mergeCells('A2:H2');
  ws.getCell('A2').value = t('dashboard.sheet_subtitle', { deadline: formatDateTime(progress.campaign.deadline), at: formatDateTime(now) });
  ws.getCell('A2').font = { italic: true };
  const header = ws.getRow(3);
  header.values = [
    t('dashboard.col_stt'), t('dashboard.col_agency'), t('dashboard.col_kind'), t('dashboard.col_status'),
    t('dashboard.col_items'), t('dashboard.col_comments'), t('dashboard.col_activity'), t('dashboard.col_deadline'),
  ];
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  rows.forEach((r, i) => {
    const row = ws.addRow({
      stt: i + 1, agency: r.agencyName, kind: r.agencyKind ? t(`dashboard.kind_${r.agencyKind}`) : '', status: t(`dashboard.status_${r.status}`),
      items: r.noDocuments && !r.items ? t('dashboard.no_documents') : r.items, comments: r.openComments, activity: r.lastActivityAt ? formatDateTime(r.lastActivityAt) : '',
      deadline: deadlineText(t, r, progress.campaign.deadline, now),
    });
    if (r.overdue) row.getCell('deadline').font = { color: { argb: 'FFC8102E' }, bold: true };
  });
  for (let n = 3; n <= ws.rowCount; n++) {
    ws.getRow(n).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
