/** Stopping a process cleanly on SIGTERM or SIGINT: the web server and the sync worker alike. */
import type { Logger } from 'pino';

/** On the first SIGTERM or SIGINT: says `announce`, runs `close`, and exits 0 (1 when closing failed). */
export function stopOnSignals(logger: Logger, announce: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, announce);
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
}
