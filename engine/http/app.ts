/** The express application: the HTTP adapter over the engine. No domain rules live here. */
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { tooDeep } from '../json/limits.js';
import { newId } from '../ids.js';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../accounts/sessions.js';
import { DEFAULT_SIGN_IN_ADDRESS_ATTEMPTS, type SignInGateLimits } from '../accounts/sign-in-gate.js';
import { DEFAULT_TOKEN_POLICY, type TokenPolicy } from '../accounts/tokens.js';
import { authenticate, requires } from './auth.js';
import { tryPattern } from '../forms/trial.js';
import { apiCaching } from './caching.js';
import { OPENAPI } from './openapi.js';
import { HttpProblem, PROBLEMS, errorHandler, pathOf, routeNotFound, sendProblem, type HttpProblemType } from './problems.js';
import { documentedOnly } from './documented.js';
import { accountRoutes, sessionRoutes, tokenRoutes } from './routes/accounts.js';
import { directoryRoutes } from './routes/directory.js';
import { directoryImportRoutes, directoryUploadRoutes } from './routes/directory-import.js';
import type { ImportLimits } from '../directory/import.js';
import { ssoCallbackRoute, ssoRoutes, type SsoRouteOptions } from './routes/sso.js';
import { SingleSignOn } from '../accounts/sso.js';
import { LOCAL_ONLY, type SignInSettings } from '../accounts/sso-settings.js';
import { exportRoutes } from './routes/export.js';
import { formRoutes } from './routes/forms.js';
import { optionListRoutes } from './routes/option-lists.js';
import { submissionRoutes } from './routes/submissions.js';
import { documentLinkRoutes, recordPdfRoutes } from './routes/documents.js';
import { reviewRoutes } from './routes/review.js';
import { workRoutes } from './routes/work.js';
import { actionRoutes } from './routes/actions.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { auditRoutes } from './routes/audits.js';
import { syncRoutes } from './routes/sync.js';
import { notificationRoutes } from './routes/notifications.js';
import { fileRoutes, fileUploadRoutes, type FileRouteOptions } from './routes/files.js';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../files/model.js';
import type { SyncMetrics } from '../sync/metrics.js';
import type { SyncSetup } from '../sync/service.js';
import { findWebDir, nothingHere, webRoutes } from './web.js';

export interface AppOptions {
  secureCookies: boolean;
  /** Largest JSON body accepted. */
  bodyLimit?: string;
  /** Failed sign-ins allowed per address and username in 15 minutes. */
  signInAttempts?: number;
  /** Failed sign-ins allowed per address, whatever the usernames, in 15 minutes. */
  signInAddressAttempts?: number;
  /** Password checks at once; DEFAULT_SIGN_IN_GATE when left out. */
  signInGate?: SignInGateLimits;
  /** Where the built web apps are; found beside the server when not given; null for none. */
  webDir?: string | null;
  /** The ICS sync's connector kinds and metrics; without them, /api/sync and /metrics are absent. */
  sync?: { setup: SyncSetup; metrics: SyncMetrics };
  /** How long browser sessions last; DEFAULT_SESSION_POLICY when left out. */
  sessions?: SessionPolicy;
  /** How long API tokens last; DEFAULT_TOKEN_POLICY when left out. */
  tokens?: TokenPolicy;
  /** Limits on directory batches sent to the API; DEFAULT_IMPORT_LIMITS when left out. */
  directoryLimits?: Partial<ImportLimits>;
  /** Single sign-on and local passwords; local passwords only when left out. */
  signIn?: SignInSettings;
  /** Whether email notifications are sent (an SMTP server is configured): people's settings page says so. */
  mailSending?: boolean;
  /** Uploaded files: the most bytes per file and whether a scanner is configured; the engine's maximum and no scanner when left out. */
  files?: FileRouteOptions;
}

/** Deepest JSON nesting a request body may have (form data nests at most 8; definitions 64). */
const BODY_DEPTH = 80;

const jsonOnly: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    throw new HttpProblem('unsupported-media-type', `Request bodies must be JSON (Content-Type: application/json), not ${req.get('content-type') ?? 'unlabelled'}.`);
  }
  next();
};

const depthGuard: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined && tooDeep(req.body, BODY_DEPTH)) throw new HttpProblem('malformed-json', `The request body nests more than ${BODY_DEPTH} levels deep.`);
  next();
};

export function createApp(ctx: EngineContext, logger: Logger, options: AppOptions): express.Express {
  const sessions = options.sessions ?? DEFAULT_SESSION_POLICY;
  const tokens = options.tokens ?? DEFAULT_TOKEN_POLICY;
  const auth = authenticate(ctx, sessions, tokens);
  const signIn = options.signIn ?? LOCAL_ONLY;
  const sso = signIn.sso ? new SingleSignOn(ctx, signIn.sso) : null;
  const webDir = options.webDir === undefined ? findWebDir() : options.webDir;
  const ssoOptions: SsoRouteOptions = { secureCookies: options.secureCookies, sessions, localSignIn: signIn.local, webDir };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Over plain HTTP (a laptop, an internal network) HSTS and upgrading requests to HTTPS would
  // break the service; they are on when it is reached over HTTPS.
  app.use(
    helmet({
      strictTransportSecurity: options.secureCookies,
      // Styles and fonts come only from the service itself (helmet's default also allows any https: host).
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: options.secureCookies ? [] : null, styleSrc: ["'self'"], fontSrc: ["'self'"] } },
    }),
  );
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const id = newId();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const account = (res.locals.auth as { account?: { id: string } } | undefined)?.account?.id;
      logger.info({ req: id, method: req.method, path: pathOf(req.originalUrl), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, account }, 'request');
    });
    next();
  });

  const api = express.Router();
  api.use(apiCaching);
  // The provider's redirect back carries parameters of the provider's choosing (not documented one by one).
  api.use('/sso', ssoCallbackRoute(sso, ssoOptions));
  api.use(documentedOnly(OPENAPI.paths as never));
  api.get('/health', async (_req, res) => {
    const started = performance.now();
    let reachable = true;
    try {
      await ctx.store.ping();
    } catch (err) {
      logger.warn({ err }, 'store unreachable');
      reachable = false;
    }
    res.status(reachable ? 200 : 503).json({
      status: reachable ? 'ok' : 'unavailable',
      store: { kind: ctx.store.kind, reachable, latencyMs: Math.round((performance.now() - started) * 100) / 100 },
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
  api.get('/openapi.json', (_req, res) => void res.json(OPENAPI));
  api.get('/problems/:type', (req, res) => {
    const p = Object.hasOwn(PROBLEMS, req.params.type) ? PROBLEMS[req.params.type as HttpProblemType] : undefined;
    if (!p) return sendProblem(res, 'route-not-found', `There is no problem type "${req.params.type}".`);
    res.json({ type: `/api/problems/${req.params.type}`, title: p.title, status: p.status, description: p.about });
  });

  // Directory batches are NDJSON, streamed: before the JSON body parser, signed in on that route alone.
  api.use('/directory', directoryUploadRoutes(ctx, auth, options.directoryLimits ? { limits: options.directoryLimits } : {}));
  // Uploaded files are raw bytes, streamed: before the JSON body parser too.
  const files: FileRouteOptions = options.files ?? { maxBytes: ctx.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES, scanning: false };
  api.use('/submissions', fileUploadRoutes(ctx, auth, files));
  api.use(jsonOnly);
  api.use(express.json({ limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'], strict: true }));
  api.use(depthGuard);
  api.use(auth);
  api.use(
    '/session',
    sessionRoutes(ctx, {
      secureCookies: options.secureCookies,
      signInAttempts: options.signInAttempts ?? 10,
      signInAddressAttempts: options.signInAddressAttempts ?? DEFAULT_SIGN_IN_ADDRESS_ATTEMPTS,
      ...(options.signInGate ? { signInGate: options.signInGate } : {}),
      sessions,
      localSignIn: signIn.local,
      sso,
    }),
  );
  api.use('/sso', ssoRoutes(sso, ssoOptions));
  api.use('/accounts', accountRoutes(ctx));
  api.use('/me/tokens', tokenRoutes(ctx, tokens));
  api.use('/me/notifications', notificationRoutes(ctx, { sending: options.mailSending ?? false }));
  api.use('/forms/:formId/export', exportRoutes(ctx));
  api.use('/forms', formRoutes(ctx));
  api.use('/option-lists', optionListRoutes(ctx));
  api.use('/submissions', reviewRoutes(ctx));
  api.use('/submissions', submissionRoutes(ctx));
  api.use('/submissions', recordPdfRoutes(ctx));
  // Signed download links for the ICS: the token is the permission, no session.
  api.use('/documents', documentLinkRoutes(ctx));
  api.use('/files', fileRoutes(ctx, files));
  api.use('/work', workRoutes(ctx));
  api.use('/actions', actionRoutes(ctx));
  api.use('/dashboards', dashboardRoutes(ctx));
  api.use('/audits', auditRoutes(ctx));
  api.use('/directory', directoryRoutes(ctx));
  api.use('/directory', directoryImportRoutes(ctx));
  if (options.sync) api.use('/sync', syncRoutes(ctx, options.sync.setup));
  api.post('/patterns/check', requires('forms:write'), (req, res) => void res.json(tryPattern(req.body)));
  api.use(routeNotFound);

  app.use('/api', api);
  if (options.sync) {
    // Prometheus scrapes with an integrator's API token (bearer_token in its scrape config).
    const metrics = options.sync.metrics;
    app.get('/metrics', auth, requires('delivery:read'), async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.text());
    });
  }
  if (webDir) app.use(webRoutes(webDir));
  app.use(nothingHere);
  app.use(errorHandler(logger));
  return app;
}
