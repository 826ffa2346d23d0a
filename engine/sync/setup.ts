/**
 * The engine wired for the ICS sync, as the web server and a standalone worker process both run
 * it: submits enqueue a delivery per mapped connector, publishing checks the mappings, and a
 * submit wakes the worker in the same process.
 */
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { createEngine } from '../engine.js';
import type { Store } from '../store/contract.js';
import { CONNECTOR_KINDS } from './connectors/index.js';
import { documentSource } from '../documents/source.js';
import type { DestinationPolicy } from './destinations.js';
import { SyncMetrics } from './metrics.js';
import { deliveriesFor, publishProblems, type SyncSetup } from './service.js';
import { SyncWorker, type WorkerOptions } from './worker.js';

export interface SyncedEngine {
  ctx: EngineContext;
  setup: SyncSetup;
  metrics: SyncMetrics;
  /** Starts a delivery worker in this process (one per call). */
  startWorker(options: Omit<WorkerOptions, 'metrics'>): SyncWorker;
}

/** Where connectors may send and write: the server's configuration (engine/http/config.ts), never the API. */
export interface ConnectorLimits {
  destinations: DestinationPolicy;
  dropRoots: readonly string[];
}

/** `uploadMaxBytes`: the server's most bytes per uploaded file (config), which files questions may not exceed. */
export function syncedEngine(store: Store, limits: ConnectorLimits, options: { logger?: Logger; uploadMaxBytes?: number } = {}): SyncedEngine {
  const setup: SyncSetup = { kinds: CONNECTOR_KINDS, env: { secrets: process.env, now: () => new Date(), destinations: limits.destinations, dropRoots: limits.dropRoots } };
  const workers: SyncWorker[] = [];
  const ctx: EngineContext = createEngine({
    store,
    deliveriesFor: (s) => deliveriesFor(ctx, s),
    publishBlockers: (formId, n, definition) => publishProblems(ctx, formId, n, definition),
    afterSubmit: () => workers.forEach((w) => w.wake()),
    ...(options.uploadMaxBytes !== undefined ? { uploadMaxBytes: options.uploadMaxBytes } : {}),
  });
  setup.env.documents = documentSource(ctx, process.env);
  const metrics = new SyncMetrics(ctx);
  return {
    ctx,
    setup,
    metrics,
    startWorker(workerOptions) {
      const w = new SyncWorker(ctx, setup, { ...(options.logger ? { logger: options.logger } : {}), ...workerOptions, metrics });
      workers.push(w);
      w.start();
      return w;
    },
  };
}
