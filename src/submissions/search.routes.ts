import { Router, type Request, type Response } from 'express';
import { agenciesById } from '../agencies/agency.model.js';
import type { AppContext } from '../http/context.js';
import { BadRequest } from '../http/errors.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parsePaging } from '../http/paging.js';
import { parseQuery } from '../http/validate.js';
import { PAGE_DOCUMENT_HITS, searchDocuments, type DocumentHit } from './document-search.service.js';
import { searchQuerySchema } from './submission.schema.js';
import { PAGE_HITS, searchableCampaign, searchFields, searchRows, type SearchHit } from './search.service.js';
import { viewHelpers } from './submission.view.js';

/**
 * Search in rows, narrative reports and attached files: of one campaign
 * (/campaigns/:id/search) or of every campaign the caller may see (/search).
 * Rows and documents page apart (`cursor`, `dcursor` on the page; `{items, next}` in the API).
 */
const agencyJson = (a: DocumentHit['agency']) => ({ id: a._id.toString(), code: a.code, nameVi: a.nameVi });
const hitJson = (h: SearchHit) => ({ campaign: h.campaignId, submission: h.submissionId, item: h.itemId, agency: agencyJson(h.agency), status: h.status, values: h.values });
const documentJson = (h: DocumentHit) => ({
  kind: h.kind, campaign: h.campaignId, submission: h.submissionId, agency: agencyJson(h.agency), attachment: h.attachmentId ?? null, name: h.name ?? null, excerpt: h.excerpt,
});

/** The values a line of the search page shows besides the recommended action (views/submissions/search.ejs). */
const SHOWN_VALUES = ['so_ky_hieu', 'trich_yeu', 'bat_cap'];

function query(req: Request) {
  const { limit, cursor, dcursor, ...rest } = req.query;
  return { filter: parseQuery(searchQuerySchema, rest), limit, cursor, dcursor };
}

/** The documents' cursor has its own form (which list, then where in it); the service checks it. */
function documentCursor(v: unknown): string | undefined {
  if (v !== undefined && typeof v !== 'string') throw new BadRequest('errors.bad_cursor');
  return v || undefined;
}

/** The campaign of /campaigns/:id/…, checked for the caller; null for the search across campaigns. */
const campaignOf = (req: Request) => (req.params.id ? searchableCampaign(actorOf(req), req.params.id as string) : Promise.resolve(null));

export function searchApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  const items = async (req: Request, res: Response) => {
    const { filter, limit, cursor } = query(req);
    const r = await searchRows(actorOf(req), await campaignOf(req), filter, parsePaging({ limit, cursor }));
    res.json({ items: r.hits.map(hitJson), truncated: r.truncated, next: r.next });
  };
  const documents = async (req: Request, res: Response) => {
    const { filter, limit, cursor } = query(req);
    const page = await searchDocuments(actorOf(req), await campaignOf(req), filter.q, { limit: parsePaging({ limit }, PAGE_DOCUMENT_HITS).limit, cursor: documentCursor(cursor) });
    res.json({ items: page.items.map(documentJson), next: page.next });
  };
  router.get('/campaigns/:id/items/search', requireAuth, items);
  router.get('/items/search', requireAuth, items);
  router.get('/campaigns/:id/documents/search', requireAuth, documents);
  router.get('/documents/search', requireAuth, documents);
  return router;
}

export function searchRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  const page = async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { filter, cursor, dcursor } = query(req);
    const campaign = await campaignOf(req);
    const [r, documents] = await Promise.all([
      searchRows(actor, campaign, filter, parsePaging({ cursor }, PAGE_HITS), SHOWN_VALUES),
      searchDocuments(actor, campaign, filter.q, { limit: PAGE_DOCUMENT_HITS, cursor: documentCursor(dcursor) }),
    ]);
    const fields = r.template ? searchFields(r.template) : {};
    // Staff narrow a campaign's search to one agency; an agency only ever sees its own rows.
    const agencies = actor.role === 'agency' || !r.campaign ? [] : (await agenciesById(r.campaign.agencies)).sort((a, b) => a.order - b.order);
    const title = req.t(r.campaign ? 'submissions.search.title' : 'submissions.search.title_all');
    res.render('submissions/search', {
      agencies,
      title,
      breadcrumbs: r.campaign ? [{ label: r.campaign.title }, { label: title }] : [{ label: title }],
      ...r,
      documents,
      filter,
      cursor: typeof cursor === 'string' ? cursor : '',
      dcursor: typeof dcursor === 'string' ? dcursor : '',
      docTypeField: r.template?.fields.find((f) => f.key === fields.docTypeField),
      recommendationField: r.template?.fields.find((f) => f.key === fields.recommendationField),
      h: viewHelpers,
    });
  };
  router.get('/search', requireAuth, page);
  router.get('/campaigns/:id/search', requireAuth, page);
  return router;
}
