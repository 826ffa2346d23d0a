/**
 * A delivery worker as its own process (`npm run sync-worker`), for when the web server runs
 * with CASEFORMS_SYNC_WORKER=false or more delivery capacity is wanted. Same configuration as the
 * server (the store above all); any number may run at once. With CASEFORMS_SYNC_METRICS_PORT it
 * serves GET /metrics (Prometheus text) on that port, to an integrator's API token. SIGTERM/SIGINT stop it cleanly: deliveries
 * in flight are abandoned as retries and nothing is lost.
 */
import type { Server } from 'node:http';
import type { Express } from 'express';
import { pino } from 'pino';
import { ConfigError, DEFAULT_SYNC, defaultConnectorLimits, loadConfig } from '../http/config.js';
import { createMetricsApp } from '../http/metrics-app.js';
import { stopOnSignals } from '../http/shutdown.js';
import { openStore } from '../store/open.js';
import { syncedEngine } from './setup.js';

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message.replace('Caseforms cannot start', 'The Caseforms sync worker cannot start'));
      process.exit(2);
    }
    throw err;
  }
  const sync = config.sync ?? DEFAULT_SYNC;
  const logger = pino({ level: config.logLevel, base: { service: 'caseforms-sync' } });
  let store;
  try {
    store = await openStore(config.store);
  } catch (err) {
    console.error(`The Caseforms sync worker cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const synced = syncedEngine(store, config.connectors ?? defaultConnectorLimits(config.dataDir));
  const worker = synced.startWorker({ pollMs: sync.pollMs, leaseMs: sync.leaseMs, batchSize: sync.batchSize, ...(sync.outboxKeepDays !== undefined ? { outboxKeepDays: sync.outboxKeepDays } : {}), logger });
  // GET /metrics for Prometheus, with the same sign-in as the web server's /metrics: an API
  // token of a role that may read delivery state.
  let metricsServer: Server | null = null;
  if (sync.metricsPort) {
    try {
      metricsServer = await listen(createMetricsApp(synced.ctx, synced.metrics, logger), sync.metricsPort, config.host);
    } catch (err) {
      console.error(`The Caseforms sync worker cannot serve /metrics on ${config.host}:${sync.metricsPort}: ${(err as Error).message}`);
      await worker.stop();
      await store.close();
      process.exit(1);
    }
  }
  logger.info({ worker: worker.id, store: config.store.kind, metricsPort: sync.metricsPort || null }, 'sync worker started');
  console.log(JSON.stringify({ ready: true, worker: worker.id }));

  stopOnSignals(logger, 'sync worker stopping', async () => {
    metricsServer?.close();
    await worker.stop();
    await store.close();
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
