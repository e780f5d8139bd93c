import { Router, type Request } from 'express';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth } from '../http/guards.js';
import type { Actor } from '../http/actor.js';
import { idParam } from '../submissions/id-param.js';
import { viewHelpers } from '../submissions/submission.view.js';
import { citedDocuments, type CitedDocument } from './suggest.service.js';

/**
 * The documents a file cites: JSON under /api/v1, a page for anyone who may read the file,
 * and the pre-filled values a new row starts from (`?step=rows&from=<file>&doc=<key>`).
 */

export function citedDocumentJson(d: CitedDocument) {
  return {
    key: d.key, type: d.typeName, number: d.number, name: d.name, year: d.year, date: d.date, issuer: d.issuer, title: d.title,
    sentence: d.sentence, mentions: d.mentions, rowExists: d.exists, prefill: d.prefill,
  };
}

export function citationsApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.get('/attachments/:id/citations', requireAuth, async (req, res) => {
    const { attachment, documents } = await citedDocuments(actorOf(req), req.params.id as string);
    res.json({ attachment: { id: attachment._id.toString(), name: attachment.name, type: attachment.type }, documents: documents.map(citedDocumentJson) });
  });
  return router;
}

export function citationsRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.get('/attachments/:id/citations', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const cited = await citedDocuments(actor, req.params.id as string);
    const sub = cited.context.submission;
    const back = actor.role === 'agency' ? `/submissions/${sub._id.toString()}?step=files` : `/submissions/${sub._id.toString()}/review`;
    res.render('attachments/citations', {
      title: req.t('citations.title', { name: cited.attachment.name }),
      breadcrumbs: [{ label: cited.context.agency.nameVi, href: back }, { label: cited.attachment.name }],
      cited,
      canAddRows: canAddRows(actor, cited.context),
      h: viewHelpers,
    });
  });
  return router;
}

function canAddRows(actor: Actor, ctx: Awaited<ReturnType<typeof citedDocuments>>['context']): boolean {
  return actor.role === 'agency' && ctx.campaign.status === 'open' && ['draft', 'changes_requested'].includes(ctx.submission.status);
}

/** For the files step after an upload (`?cite=<file>`), and the rows step's pre-filled form. */
export async function citationLocals(req: Request): Promise<Record<string, unknown>> {
  const actor = actorOf(req);
  const out: Record<string, unknown> = {};
  if (typeof req.query.cite === 'string' && /^[a-f0-9]{24}$/.test(req.query.cite)) {
    const cited = await citedDocuments(actor, req.query.cite).catch(() => null);
    if (cited) Object.assign(out, { cited, canAddRows: canAddRows(actor, cited.context) });
  }
  if (typeof req.query.from === 'string' && /^[a-f0-9]{24}$/.test(req.query.from) && typeof req.query.doc === 'string') {
    const cited = await citedDocuments(actor, req.query.from).catch(() => null);
    const doc = cited?.documents.find((d) => d.key === req.query.doc);
    if (doc) out.prefill = doc.prefill;
  }
  return out;
}
