import { Router } from 'express';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { reportFile, sendReport } from './report.http.js';
import { CAMPAIGN_REPORTS, SUBMISSION_REPORTS, prepareCampaignReport, prepareSubmissionReport } from './report.service.js';

/**
 * Report downloads for the pages (session cookie): the same files as the API. Mounted at "/"
 * for the campaign dashboard's and the submission pages' download buttons (views/reports/downloads.ejs).
 * Also exported as the API router: the paths and guards are the same under /api/v1, where
 * objectIdParam and reportFile answer 400 instead of 404.
 */
export function reportRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns/:id/reports/:file', requireRole('admin', 'reviewer'), async (req, res) => {
    const { kind, format } = reportFile(req, CAMPAIGN_REPORTS);
    await sendReport(res, await prepareCampaignReport(actorOf(req), req.params.id as string, kind, format));
  });

  router.get('/submissions/:id/reports/:file', requireAuth, async (req, res) => {
    const { kind, format } = reportFile(req, SUBMISSION_REPORTS);
    await sendReport(res, await prepareSubmissionReport(actorOf(req), req.params.id as string, kind, format));
  });

  return router;
}
