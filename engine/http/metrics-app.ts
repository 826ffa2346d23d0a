/**
 * The standalone sync worker's metrics endpoint (`npm run sync-worker` with
 * CASEFORMS_SYNC_METRICS_PORT): GET /metrics in Prometheus text, behind the same sign-in as the web
 * server's /metrics: an API token whose role may read delivery state (an integrator's), which
 * Prometheus sends with `authorization: { credentials: … }` in its scrape config.
 */
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import type { SyncMetrics } from '../sync/metrics.js';
import { authenticate, requires } from './auth.js';
import { errorHandler, routeNotFound } from './problems.js';

export function createMetricsApp(ctx: EngineContext, metrics: SyncMetrics, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.get('/metrics', authenticate(ctx), requires('delivery:read'), async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.text());
  });
  app.use(routeNotFound);
  app.use(errorHandler(logger));
  return app;
}
