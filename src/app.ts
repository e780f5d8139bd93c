import { commentedCopyApi, commentedCopyRoutes } from './reviews/commented-copy.routes.js';
import express, { type Express, type Router } from 'express';
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import compression from 'compression';
import helmet from 'helmet';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bearerAuth } from './api/api-auth.js';
import { assignmentApi, assignmentRoutes } from './campaigns/assignment.routes.js';
import { coordinationRoutes } from './campaigns/coordination.routes.js';
import { consultationApi, consultationRoutes } from './review-templates/consultation.routes.js';
import { campaignApi } from './campaigns/campaign.api.js';
import { campaignRoutes } from './campaigns/campaign.routes.js';
import { campaignWizardRoutes } from './campaigns/campaign.wizard.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { coreApi } from './api/core.api.js';
import { openApiDocument } from './api/openapi.js';
import { agencyRoutes } from './agencies/agency.routes.js';
import { agencyApi } from './agencies/agency.api.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { loadSessionUser, sessionMiddleware } from './auth/session.js';
import { defaultHealthMonitor, type HealthMonitor } from './db/health.js';
import { FULL_SUBMISSION_BODY_BYTES } from './submissions/submission.edit.js';
import type { DatabaseKind } from './db/connect.js';
import { homeRoutes } from './home/home.routes.js';
import type { AppContext } from './http/context.js';
import { createCsrf } from './http/csrf.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { flashLocals } from './http/flash.js';
import { createLogger, requestLogger, type Logger } from './http/logger.js';
import { NO_MAILER, type Mailer } from './mail/mailer.js';
import { configureOutbox } from './mail/outbox.service.js';
import { mailApi, mailRoutes } from './mail/mail.routes.js';
import { apiLanguage, pageLanguage, saveSessionBeforeRedirect, viewLocals } from './http/locals.js';
import { createLimiters, DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limit.js';
import { inTurn } from './http/render-turns.js';
import { scopeTemplateLocals, VIEW_COMPILE_OPTIONS } from './http/view-scope.js';
import { rejectUnsafeKeys } from './http/sanitize.js';
import './http/types.js';
import { profileRoutes } from './users/profile.routes.js';
import { templateApi } from './review-templates/template.api.js';
import { templateEditorRoutes } from './review-templates/template.editor.routes.js';
import { templateRoutes } from './review-templates/template.routes.js';
import { userRoutes } from './users/user.routes.js';
import { attachmentApi } from './attachments/attachment.api.js';
import { citationsApi, citationsRoutes } from './citations/citations.routes.js';
import { importApi, importRoutes } from './submissions/import.routes.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { reviewRoutes } from './reviews/review.routes.js';
import { submissionRoutes } from './submissions/submission.routes.js';
import { versionRoutes } from './submissions/version.routes.js';
import { notificationApi } from './notifications/notification.api.js';
import { remindApi, remindRoutes } from './notifications/remind.routes.js';
import { reviewApi } from './reviews/review.api.js';
import { submissionApi } from './submissions/submission.api.js';
import { searchApi, searchRoutes } from './submissions/search.routes.js';
import { reportApi } from './reports/report.api.js';
import { reportRoutes } from './reports/report.routes.js';
import { campaignReportApi, campaignReportRoutes } from './campaign-reports/campaign-report.routes.js';
import { referenceApi } from './reference-lists/reference.api.js';
import { referenceRoutes } from './reference-lists/reference.routes.js';

// ── Feature routers: add yours here ────────────────────────────────────────
// Page routers are mounted at "/" after sessions, CSRF and view locals; guard
// each route with requireRole()/requireAuth. API routers are mounted at
// "/api/v1" after bearer-token auth (no cookies, no CSRF).
const PAGE_ROUTERS: ((ctx: AppContext) => Router)[] = [
  notificationRoutes,
  authRoutes,
  homeRoutes,
  profileRoutes,
  userRoutes,
  agencyRoutes,
  auditRoutes,
  mailRoutes,
  // before templateRoutes: /admin/templates/new must not be taken for an :id
  templateEditorRoutes,
  templateRoutes,
  // the wizard before campaignRoutes: /campaigns/new must not be taken for an :id
  campaignWizardRoutes,
  campaignRoutes,
  assignmentRoutes,
  coordinationRoutes,
  consultationRoutes,
  dashboardRoutes,
  remindRoutes,
  submissionRoutes,
  importRoutes,
  citationsRoutes,
  reviewRoutes,
  commentedCopyRoutes,
  versionRoutes,
  searchRoutes,
  reportRoutes,
  campaignReportRoutes,
  referenceRoutes,
];
const API_ROUTERS: ((ctx: AppContext) => Router)[] = [
  coreApi,
  templateApi,
  campaignApi,
  assignmentApi,
  consultationApi,
  submissionApi,
  searchApi,
  attachmentApi,
  citationsApi,
  importApi,
  reviewApi,
  commentedCopyApi,
  notificationApi,
  remindApi,
  mailApi,
  agencyApi,
  reportApi,
  campaignReportApi,
  referenceApi,
];
// ───────────────────────────────────────────────────────────────────────────

export interface AppOptions {
  dbKind: DatabaseKind;
  sessionSecret: string;
  version?: string;
  logger?: Logger;
  /** true behind HTTPS: secure cookies and HSTS */
  secureCookies?: boolean;
  /** Express "trust proxy" (e.g. 1 behind one reverse proxy), so req.ip is the client's */
  trustProxy?: boolean | number | string;
  publicUrl?: string;
  sessionIdleMinutes?: number;
  bodyLimitKb?: number;
  uploadMaxMb?: number;
  login?: Partial<AppContext['login']>;
  /** failed-token and upload limits (429 beyond them) */
  rateLimits?: Partial<RateLimits>;
  /** sends password links by e-mail; without one they are only shown to the admin */
  mailer?: Mailer;
  /** what /healthz reports; by default the background ping of Mongoose's connection */
  health?: HealthMonitor;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** A package's folder, found from its main entry (some packages do not export package.json). */
function nodeModule(pkg: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (path.basename(dir) !== pkg && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const TEXT_TYPES = /^(text\/(html|css|plain)|application\/(json|javascript)|text\/javascript)/;

/** Builds the Express app; it neither connects nor listens (server.ts does). Mongoose must be connected first. */
export function createApp(opts: AppOptions): Express {
  const logger = opts.logger ?? createLogger('silent');
  const secureCookies = opts.secureCookies ?? false;
  const bodyLimit = `${opts.bodyLimitKb ?? 200}kb`;
  const csrf = createCsrf({ secret: opts.sessionSecret, secure: secureCookies });
  const ctx: AppContext = {
    dbKind: opts.dbKind,
    version: opts.version ?? '0.0.0',
    logger,
    csrf,
    secureCookies,
    uploadMaxBytes: (opts.uploadMaxMb ?? 25) * 1024 * 1024,
    login: { maxFailures: 5, lockMinutes: 15, ipLimit: 30, ipWindowMinutes: 15, ...opts.login },
    publicUrl: opts.publicUrl,
    mailer: opts.mailer ?? NO_MAILER,
  };
  // Notifications queue e-mail only where a server can send it.
  configureOutbox({ enabled: ctx.mailer.enabled, baseUrl: opts.publicUrl ?? '' });

  const app = express();
  app.disable('x-powered-by');
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy);
  app.locals.ctx = ctx;
  app.locals.csrfVerifyAfterParse = csrf.verifyAfterParse;
  app.locals.limiters = createLimiters({ ...DEFAULT_RATE_LIMITS, ...opts.rateLimits });
  configureViews(app, process.env.NODE_ENV === 'production');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      strictTransportSecurity: secureCookies ? undefined : false,
    }),
  );
  app.use(requestLogger(logger));

  // Pages, JSON, CSS and scripts are text that compresses 5–10×; files (Word, PDF, xlsx) are compressed already.
  // Level 3 instead of zlib's 6: half the CPU for a page, 8–20 % more bytes (a 167 kB rows page: 13.6 kB, not 11.2).
  app.use(compression({ level: 3, filter: (req, res) => TEXT_TYPES.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res) }));

  const staticOpts = { maxAge: '1d', index: false, fallthrough: true };
  app.use('/static/vendor/bootstrap', express.static(path.join(nodeModule('bootstrap'), 'dist'), staticOpts));
  app.use('/static/vendor/chart.js', express.static(path.join(nodeModule('chart.js'), 'dist'), staticOpts));
  app.use('/static', express.static(path.join(root, 'public'), staticOpts));
  // Past the static files every answer may carry someone's data (or a CSRF or one-time token):
  // no browser or proxy cache keeps it, so the back button after logout shows nothing.
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Never waits behind a query: the answer is the state the background ping last saw.
  const health = opts.health ?? defaultHealthMonitor();
  app.get('/healthz', async (_req, res) => {
    if (await health.up()) res.json({ status: 'ok', db: opts.dbKind });
    else res.status(503).json({ status: 'unavailable', db: opts.dbKind });
  });

  const api = express.Router();
  api.use(apiLanguage);
  // The full-submission PUT carries up to MAX_ITEMS rows: its body limit follows from that, for a known caller only.
  const submissionBody = express.json({ limit: FULL_SUBMISSION_BODY_BYTES });
  api.put('/submissions/:id', bearerAuth, (req, res, next) => (req.actor ? submissionBody(req, res, next) : next()));
  api.use(express.json({ limit: bodyLimit }), rejectUnsafeKeys, bearerAuth);
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(ctx.version));
  });
  for (const make of API_ROUTERS) api.use(make(ctx));
  api.use(notFoundHandler);
  app.use('/api/v1', api);
  app.use('/api', notFoundHandler);

  app.use(cookieParser());
  app.use(pageLanguage);
  app.use(sessionMiddleware({ secret: opts.sessionSecret, idleMinutes: opts.sessionIdleMinutes ?? 60, secure: secureCookies }));
  app.use(loadSessionUser);
  app.use(saveSessionBeforeRedirect);
  // View locals before the body is parsed and checked, so that any rejection (size, unsafe keys, CSRF)
  // is rendered as a page in the user's language.
  app.use(flashLocals);
  app.use(viewLocals({ version: ctx.version, dbKind: opts.dbKind }, csrf.generateToken));
  app.use(express.urlencoded({ extended: true, limit: bodyLimit, parameterLimit: 1000 }));
  app.use(express.json({ limit: bodyLimit }));
  app.use(rejectUnsafeKeys);
  app.use(csrf.protect);
  for (const make of PAGE_ROUTERS) app.use(make(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

/**
 * EJS with a layout: a view renders into `body` of views/layout.ejs unless it
 * sets `layout: false`. Views under partials/ are never wrapped.
 */
function configureViews(app: Express, cache: boolean): void {
  const viewsDir = path.join(root, 'views');
  const layoutFile = path.join(viewsDir, 'layout.ejs');
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  scopeTemplateLocals();
  app.engine('ejs', (file: string, options: object, done: (err: unknown, html?: string) => void) => {
    const locals = options as Record<string, unknown>;
    // In production templates are compiled once and without line tracking (an error then names the
    // template but not its line): rendering a page of hundreds of rows is that much cheaper.
    const ejsOptions = { cache, compileDebug: !cache, ...VIEW_COMPILE_OPTIONS };
    // Drawn in a turn of its own: whatever throws there (sending the page included) goes to
    // the error handler, as it would have from the route, not out of the event loop.
    inTurn(() => {
      try {
        ejs.renderFile(file, locals, ejsOptions, (err, body) => {
          if (err) return done(err);
          if (locals.layout === false) return done(null, body);
          ejs.renderFile(layoutFile, { ...locals, body }, ejsOptions, (err2, html) => (err2 ? done(err2) : done(null, html)));
        });
      } catch (err) {
        done(err);
      }
    });
  });
}
