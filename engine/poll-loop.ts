/**
 * The loop a background worker runs in (the delivery worker, the mailer): rounds back to back
 * while a round finds work, one every `pollMs` when idle, and after a failed round a wait that
 * doubles each time (up to a minute). `wake()` starts the next round at once; `stop()` ends the
 * wait and lets the round in hand finish.
 */
export interface PollLoopOptions {
  pollMs: number;
  /** Told of a round that threw (the store is unreachable or failing); the loop goes on. */
  onError: (err: unknown) => void;
}

const MAX_WAIT_MS = 60_000;

export class PollLoop {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  /** `round` does one round of work and says how much it did (0: nothing was waiting). */
  constructor(
    private readonly round: () => Promise<number>,
    private readonly options: PollLoopOptions,
  ) {}

  /** Aborted by stop(): rounds hand it to the work in flight. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  start(): void {
    if (this.loop) return;
    const { pollMs, onError } = this.options;
    this.loop = (async () => {
      let failures = 0;
      while (!this.stopping.signal.aborted) {
        let done = 0;
        try {
          done = await this.round();
          failures = 0;
        } catch (err) {
          failures++;
          onError(err);
        }
        if (done === 0 || failures) await this.idle(failures ? Math.min(MAX_WAIT_MS, pollMs * 2 ** failures) : pollMs);
      }
    })();
  }

  /** Ends the wait, so the next round starts now (called after a change in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Stopped during the round: the abort has been and gone, so there is nothing to wait for.
      if (this.stopping.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
      this.stopping.signal.addEventListener('abort', done);
    });
  }

  /** Resolves when the round in hand (if any) has finished; no round starts after. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}
