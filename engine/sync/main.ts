/**
 * A delivery worker as its own process (`npm run sync-worker`), for when the web server runs
 * with CASEFORMS_SYNC_WORKER=false or more delivery capacity is wanted. Same configuration as the
 * server (the store above all); any number may run at once. With CASEFORMS_SYNC_METRICS_PORT it
 * serves GET /metrics (Prometheus text) on that port. SIGTERM/SIGINT stop it cleanly: deliveries
 * in flight are abandoned as retries and nothing is lost.
 */
import { createServer } from 'node:http';
import { pino } from 'pino';
import { ConfigError, DEFAULT_SYNC, loadConfig } from '../http/config.js';
import { openStore } from '../store/open.js';
import { syncedEngine } from './setup.js';

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
  const synced = syncedEngine(store);
  const worker = synced.startWorker({ pollMs: sync.pollMs, leaseMs: sync.leaseMs, batchSize: sync.batchSize, logger });
  // The metrics port is for a scraper on the same host or network; it has no sign-in, so it
  // listens where the service does (127.0.0.1 unless HOST says otherwise).
  const metricsServer = sync.metricsPort
    ? createServer((req, res) => {
        if (req.method !== 'GET' || req.url !== '/metrics') return void res.writeHead(404).end();
        synced.metrics.text().then(
          (text) => res.writeHead(200, { 'content-type': synced.metrics.contentType }).end(text),
          () => res.writeHead(503).end(),
        );
      }).listen(sync.metricsPort, config.host)
    : null;
  logger.info({ worker: worker.id, store: config.store.kind, metricsPort: sync.metricsPort || null }, 'sync worker started');
  console.log(JSON.stringify({ ready: true, worker: worker.id }));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'sync worker stopping');
    metricsServer?.close();
    worker
      .stop()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
