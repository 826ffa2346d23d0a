/**
 * Running the service: configuration, store, seeding, listening, graceful shutdown.
 * `npm start` runs this file.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { seedDemoAccounts, type DemoAccount } from '../accounts/lifecycle.js';
import type { EngineContext } from '../context.js';
import { seedTemplates } from '../forms/templates.js';
import { seedDemoDirectory } from '../directory/demo.js';
import { openStore } from '../store/open.js';
import { stopOnSignals } from './shutdown.js';
import { createApp, type AppOptions } from './app.js';
import { ConfigError, DEFAULT_FILES, DEFAULT_SYNC, defaultConnectorLimits, defaultDirectoryDrop, loadConfig, type Config } from './config.js';
import { startDirectoryDrop, type DirectoryDrop } from '../directory/file-drop.js';
import { syncedEngine } from '../sync/setup.js';
import type { SyncWorker } from '../sync/worker.js';
import { Mailer } from '../notifications/mailer.js';
import { FileWorkers } from '../files/workers.js';
import { scannerFor } from '../files/scanner.js';

export interface RunningServer {
  url: string;
  ctx: EngineContext;
  server: Server;
  /** Where the demo accounts were written, when this start created them. */
  demoAccountsFile: string | null;
  /** The directory drop folder's watcher. */
  directoryDrop: DirectoryDrop;
  /** Email notifications, when an SMTP server is configured. */
  mailer: Mailer | null;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), closes the store. */
  close(graceMs?: number): Promise<void>;
}

/** Writes the demo accounts once, readable by the owner only. */
function writeDemoAccounts(dataDir: string, accounts: DemoAccount[]): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-accounts.json');
  writeFileSync(file, JSON.stringify(accounts, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export async function startServer(config: Config, logger: Logger, appOptions: Partial<AppOptions> = {}): Promise<RunningServer> {
  const store = await openStore(config.store);
  let server: Server | undefined;
  try {
    const syncConfig = config.sync ?? DEFAULT_SYNC;
    const filesConfig = config.files ?? DEFAULT_FILES;
    const synced = syncedEngine(store, config.connectors ?? defaultConnectorLimits(config.dataDir), { uploadMaxBytes: filesConfig.maxBytes });
    const { ctx, setup, metrics } = synced;
    let worker: SyncWorker | null = null;
    let drop: DirectoryDrop | null = null;
    const seeded = await seedTemplates(ctx);
    if (seeded.length) logger.info({ forms: seeded }, 'seeded templates');
    const demo = await seedDemoAccounts(ctx, config.tokens);
    const demoAccountsFile = demo ? writeDemoAccounts(config.dataDir, demo) : null;
    // Only with a new store's demo accounts: an installation's own accounts are never linked to made-up workers.
    if (demo && config.demoDirectory && (await seedDemoDirectory(ctx))) logger.info('seeded the demo directory');

    const mailer = config.mail ? new Mailer(ctx, config.mail, logger.child({ part: 'mail' })) : null;
    await mailer?.prepare();
    const fileWorkers = new FileWorkers(ctx, { scanner: filesConfig.scanner ? scannerFor(filesConfig.scanner) : null, logger: logger.child({ part: 'files' }) });
    // Files uploaded while a scanner was set up and not checked before it was taken away wait for one.
    if (!filesConfig.scanner && (await ctx.store.files.listUnscanned(1)).length) {
      logger.warn('uploaded files are waiting for a virus scan and no scanner is set up (CASEFORMS_SCAN_COMMAND or CASEFORMS_CLAMD): they cannot be downloaded until one has checked them');
    }
    const app = createApp(ctx, logger, {
      files: { maxBytes: filesConfig.maxBytes, scanning: filesConfig.scanner !== null, uploaded: () => fileWorkers.uploaded() },
      secureCookies: config.secureCookies,
      sync: { setup, metrics },
      mailSending: Boolean(config.mail),
      ...(config.sessions ? { sessions: config.sessions } : {}),
      ...(config.tokens ? { tokens: config.tokens } : {}),
      ...(config.signInAddressAttempts ? { signInAddressAttempts: config.signInAddressAttempts } : {}),
      ...(config.signIn ? { signIn: config.signIn } : {}),
      ...appOptions,
    });
    server = createServer(app);
    // Slow clients cannot hold connections open forever.
    server.headersTimeout = 20_000;
    server.requestTimeout = 120_000;
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(config.port, config.host, () => resolve());
    });
    if (syncConfig.worker) {
      worker = synced.startWorker({ pollMs: syncConfig.pollMs, leaseMs: syncConfig.leaseMs, batchSize: syncConfig.batchSize, ...(syncConfig.outboxKeepDays !== undefined ? { outboxKeepDays: syncConfig.outboxKeepDays } : {}), logger: logger.child({ part: 'sync' }) });
    }
    const directory = config.directory ?? defaultDirectoryDrop(config.dataDir);
    drop = startDirectoryDrop(ctx, { dir: directory.dropDir, pollMs: directory.pollMs, logger: logger.child({ part: 'directory-drop' }) });
    fileWorkers.start();
    if (mailer) mailer.start();
    else logger.info({ part: 'mail' }, 'email notifications are off: CASEFORMS_SMTP_URL is not set, so no email is made or sent');
    const address = s.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `http://${host}:${address.port}`,
      ctx,
      server: s,
      demoAccountsFile,
      directoryDrop: drop,
      mailer,
      async close(graceMs = 10_000) {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        const timer = setTimeout(() => s.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await worker?.stop();
        await mailer?.stop();
        await fileWorkers.stop();
        await drop?.stop();
        await store.close();
      },
    };
  } catch (err) {
    server?.close();
    await store.close().catch(() => {});
    throw err;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'caseforms' } });
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    console.error(`Caseforms cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const where = config.store.kind === 'sqlite' ? `SQLite in ${config.dataDir}` : `MongoDB database "${config.store.dbName}"`;
  // One write, so whoever watches the output (a person, a supervisor, a test) sees the banner whole.
  const accounts = running.demoAccountsFile
    ? `  Demo accounts (one per role, with passwords and API tokens) were written once to ${running.demoAccountsFile}`
    : `  Sign in with your account; demo accounts, if this store has them, are in ${join(config.dataDir, 'demo-accounts.json')}`;
  console.log(
    [
      `\nCaseforms is running at ${running.url}  (store: ${where})`,
      `  API: ${running.url}/api   description: ${running.url}/api/openapi.json   health: ${running.url}/api/health`,
      accounts,
      `  Designer (business analysts): ${running.url}/designer/   Deliveries to the ICS (IT): ${running.url}/deliveries`,
      `  Try: curl -H "Authorization: Bearer <token>" ${running.url}/api/forms\n`,
    ].join('\n'),
  );

  stopOnSignals(logger, 'shutting down: finishing in-flight requests', () => running.close());
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
