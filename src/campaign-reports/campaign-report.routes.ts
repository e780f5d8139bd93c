import { Router, type Request } from 'express';
import type { OpenApiPart } from '../api/openapi.js';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse } from '../http/validate.js';
import { formatVnDate } from '../review-templates/vn-text.js';
import { SIGNING_AUTHORITIES } from './campaign-report.model.js';
import { CampaignReportInputSchema } from './campaign-report.schema.js';
import { campaignReportPage, saveCampaignReport, type ReportSettings } from './campaign-report.service.js';

const isoDay = (d: Date | undefined): string => (d ? new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10) : '');

export function settingsJson(s: ReportSettings) {
  return {
    version: s.version,
    sections: Object.fromEntries(s.sections.map((x) => [x.key, x.text])),
    number: s.number,
    symbol: s.symbol,
    date: s.date ? isoDay(s.date) : null,
    addressees: s.addressees,
    authority: s.authority,
    headTitle: s.headTitle,
    signerTitle: s.signerTitle,
    signerName: s.signerName,
    recipients: s.recipients,
    archive: s.archive,
  };
}

async function pageLocals(req: Request): Promise<Record<string, unknown>> {
  const page = await campaignReportPage(actorOf(req), req.params.id as string);
  const id = page.campaign._id.toString();
  return {
    title: req.t('campaign_reports.title', { title: page.campaign.title }),
    breadcrumbs: [
      { label: req.t('campaigns.title'), href: '/campaigns' },
      { label: page.campaign.title, href: `/campaigns/${id}` },
      { label: req.t('dashboard.crumb'), href: `/campaigns/${id}/progress` },
      { label: req.t('campaign_reports.crumb') },
    ],
    page,
    settings: settingsJson(page.settings),
    displayDate: page.settings.date ? formatVnDate(isoDay(page.settings.date)) : '',
    authorities: SIGNING_AUTHORITIES,
  };
}

/** The page form's `sections[<key>]` fields and textareas, in the shape the API takes. */
function formInput(body: Record<string, unknown>): Record<string, unknown> {
  return { ...body, sections: typeof body.sections === 'object' && body.sections !== null ? body.sections : {} };
}

/** The MoJ's report page, from the campaign's progress page (admin, reviewer). */
export function campaignReportRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.get('/campaigns/:id/report', requireRole('admin', 'reviewer'), async (req, res) => {
    res.render('campaign-reports/edit', await pageLocals(req));
  });
  router.post('/campaigns/:id/report', requireRole('admin', 'reviewer'), form('campaign-reports/edit', pageLocals), async (req, res) => {
    await saveCampaignReport(actorOf(req), req.params.id as string, parse(CampaignReportInputSchema, formInput(req.body as Record<string, unknown>)));
    flash(req, 'success', 'campaign_reports.saved');
    res.redirect(`/campaigns/${req.params.id}/report`);
  });
  return router;
}

/** GET/PUT /api/v1/campaigns/:id/report: the same, as JSON; PUT with a stale `version` is 409. */
export function campaignReportApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.get('/campaigns/:id/report', requireRole('admin', 'reviewer'), async (req, res) => {
    const page = await campaignReportPage(actorOf(req), req.params.id as string);
    res.json({ ...settingsJson(page.settings), outline: page.outline, figures: page.figures });
  });
  router.put('/campaigns/:id/report', requireRole('admin', 'reviewer'), async (req, res) => {
    res.json(settingsJson(await saveCampaignReport(actorOf(req), req.params.id as string, parse(CampaignReportInputSchema, req.body))));
  });
  return router;
}

const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } };
const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const settings = {
  type: 'object',
  properties: {
    version: { type: 'integer', description: 'as last read; 0 before the first save' },
    sections: { type: 'object', additionalProperties: { type: 'string' }, description: "the MoJ's text per outline section key" },
    number: { type: 'string', description: 'Số, digits; empty until registered' },
    symbol: { type: 'string', example: 'BC-BTP' },
    date: { type: ['string', 'null'], format: 'date' },
    addressees: { type: 'array', items: { type: 'string' }, description: 'Kính gửi' },
    authority: { type: 'string', enum: [...SIGNING_AUTHORITIES] },
    headTitle: { type: 'string', example: 'Bộ trưởng' },
    signerTitle: { type: 'string', example: 'Thứ trưởng' },
    signerName: { type: 'string' },
    recipients: { type: 'array', items: { type: 'string' }, description: 'Nơi nhận; never the signer' },
    archive: { type: 'string', example: 'VT, KTrVB' },
  },
};

export const campaignReportOpenApi: OpenApiPart = {
  paths: {
    '/campaigns/{id}/report': {
      get: {
        summary: "The MoJ's report on a campaign: its text per outline section, registration, signer, recipients; the agencies' texts and the figures beside. Admin, reviewer.",
        parameters: [id],
        responses: { '200': { description: 'settings, outline (with agencies\' texts) and figures', content: { 'application/json': { schema: settings } } }, ...err(400, 401, 403, 404) },
      },
      put: {
        summary: "Saves the MoJ's report settings. A stale version is 409; invalid fields 422 with a message per field.",
        parameters: [id],
        requestBody: { required: true, content: { 'application/json': { schema: settings } } },
        responses: { '200': { description: 'saved', content: { 'application/json': { schema: settings } } }, ...err(400, 401, 403, 404, 409, 422) },
      },
    },
  },
};
