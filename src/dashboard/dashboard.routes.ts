import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { mayActOn } from '../campaigns/assignment.service.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parseQuery } from '../http/validate.js';
import { slugify } from '../review-templates/vn-text.js';
import { SUBMISSION_STATUSES } from '../submissions/submission.model.js';
import { deadlineState } from './deadline.js';
import { deadlineText, progressWorkbook } from './progress.xlsx.js';
import { campaignProgress, filterRows } from './progress.service.js';

export const PROGRESS_STATUSES = ['not_started', ...SUBMISSION_STATUSES] as const;
const SORTS = ['agency', 'status', 'items', 'comments', 'activity'] as const;
const ProgressQuery = z.object({
  status: z.enum([...PROGRESS_STATUSES, 'overdue']).or(z.literal('')).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(SORTS).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

/** Tiến độ: the per-agency table, charts and the .xlsx of the table (admin, reviewer). */
export function dashboardRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns/:id/progress', requireRole('admin', 'reviewer'), async (req, res) => {
    const query = parseQuery(ProgressQuery, req.query);
    const progress = await campaignProgress(actorOf(req), req.params.id as string);
    const rows = filterRows(progress.rows, { ...query, status: query.status || undefined });
    const now = new Date();
    const statusLabels = PROGRESS_STATUSES.map((s) => ({ code: s, label: req.t(`dashboard.status_${s}`), count: progress.byStatus[s] ?? 0 }));
    res.render('dashboard/progress', {
      title: req.t('dashboard.title', { title: progress.campaign.title }),
      breadcrumbs: [
        { label: req.t('campaigns.title'), href: '/campaigns' },
        { label: progress.campaign.title, href: `/campaigns/${progress.campaign._id.toString()}` },
        { label: req.t('dashboard.crumb') },
      ],
      progress,
      rows: rows.map((r) => ({ ...r, deadlineText: deadlineText(req.t, r, progress.campaign.deadline, now) })),
      query,
      statuses: PROGRESS_STATUSES,
      sorts: SORTS,
      deadline: deadlineState(progress.campaign.deadline, now),
      // "Nhắc" for the agencies this user acts on, while they still owe the report.
      mayRemind: (r: { agencyId: string; status: string }) => progress.campaign.status === 'open' && (r.status === 'draft' || r.status === 'changes_requested') && mayActOn(actorOf(req), progress.campaign, r.agencyId),
      statusLabels,
      charts: {
        status: { labels: statusLabels.map((s) => s.label), codes: statusLabels.map((s) => s.code), counts: statusLabels.map((s) => s.count), title: req.t('dashboard.chart_status') },
        recommendation: { labels: progress.byRecommendation.map((r) => (req.lang === 'en' && r.labelEn) || r.label), counts: progress.byRecommendation.map((r) => r.count), title: req.t('dashboard.chart_recommendation') },
      },
    });
  });

  router.get('/campaigns/:id/progress.xlsx', requireRole('admin', 'reviewer'), async (req, res) => {
    const query = parseQuery(ProgressQuery, req.query);
    const progress = await campaignProgress(actorOf(req), req.params.id as string);
    const rows = filterRows(progress.rows, { ...query, status: query.status || undefined });
    const buf = await progressWorkbook(req.t, progress, rows);
    const name = `tien-do-${slugify(progress.campaign.title).slice(0, 60) || 'dot-ra-soat'}.xlsx`;
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(name);
    res.send(buf);
  });

  return router;
}
