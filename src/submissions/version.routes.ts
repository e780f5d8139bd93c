import { Router, type Request } from 'express';
import { formatDate } from '../i18n/index.js';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { idParam } from './id-param.js';
import { parseQuery } from '../http/validate.js';
import { diffQuerySchema } from './submission.schema.js';
import type { SubmissionContext } from './submission.service.js';
import { viewHelpers } from './submission.view.js';
import { diffVersions, getVersion, listVersions } from './version.service.js';

/** Pages: versions of a submission, a receipt, the diff of two versions. */
function crumbs(req: Request, ctx: SubmissionContext, last: string) {
  const id = ctx.submission._id.toString();
  const head = actorOf(req).role === 'agency'
    ? [{ label: req.t('submissions.mine.title'), href: '/submissions' }, { label: ctx.campaign.title, href: `/submissions/${id}` }]
    : [{ label: req.t('submissions.queue.title'), href: '/reviews' }, { label: ctx.agency.nameVi, href: `/submissions/${id}/review` }];
  return [...head, { label: last }];
}

export function versionRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);

  router.get('/submissions/:id/versions', requireAuth, async (req, res) => {
    const { ctx, versions } = await listVersions(actorOf(req), req.params.id as string);
    res.render('submissions/versions', { title: req.t('submissions.versions.title'), breadcrumbs: crumbs(req, ctx, req.t('submissions.versions.title')), ...ctx, versions });
  });

  router.get('/submissions/:id/versions/:n/receipt', requireAuth, async (req, res) => {
    const { ctx, version, receipt } = await getVersion(actorOf(req), req.params.id as string, Number(req.params.n));
    const printed = {
      // Stable for a submission and version, so a receipt can be quoted and found again.
      number: `BN-${formatDate(version.submittedAt).slice(-4)}-${ctx.submission._id.toString().slice(-6).toUpperCase()}-${version.n}`,
      onTime: version.submittedAt.getTime() <= new Date(ctx.campaign.deadline).getTime(),
      deadline: ctx.campaign.deadline,
      note: version.message ?? '',
    };
    res.render('submissions/receipt', { title: req.t('submissions.receipt.title'), breadcrumbs: crumbs(req, ctx, req.t('submissions.receipt.title')), ...ctx, receipt, printed, h: viewHelpers });
  });

  router.get('/submissions/:id/diff', requireAuth, async (req, res) => {
    const q = parseQuery(diffQuerySchema, req.query);
    const r = await diffVersions(actorOf(req), req.params.id as string, q.from, q.to);
    res.render('submissions/diff', { title: req.t('submissions.diff.title'), breadcrumbs: crumbs(req, r.ctx, req.t('submissions.diff.title')), ...r.ctx, versions: r.versions, from: r.from, to: r.to, diff: r.diff, h: viewHelpers });
  });

  return router;
}
