/**
 * Bounds the password checks running at once. Each is scrypt: tens of milliseconds of one of
 * Node's few worker threads, so a flood of bogus sign-ins would otherwise queue every real one
 * behind it (40 at once made a real sign-in take 9.6 s). One client address may have only a few
 * checks going at once, and all addresses together only so many running plus a short queue; a
 * check beyond that is refused at once, to be tried again in a moment, and costs no scrypt.
 */

export interface SignInGateLimits {
  /** Password checks running at once (about the worker threads there are). */
  running: number;
  /** Checks waiting for one of those, from every address together. */
  queued: number;
  /** Checks one client address may have running or waiting at once. */
  perAddress: number;
}

export const DEFAULT_SIGN_IN_GATE: SignInGateLimits = { running: 4, queued: 32, perAddress: 2 };

/** Failed sign-ins from one address in 15 minutes, whatever the usernames, when not configured. */
export const DEFAULT_SIGN_IN_ADDRESS_ATTEMPTS = 30;

/** Why a check was not let through: this address has enough going, or everyone together has. */
export type GateRefusal = 'address-busy' | 'service-busy';

export type GateResult<T> = { ok: true; value: T } | { ok: false; refused: GateRefusal };

export class SignInGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly limits: SignInGateLimits = DEFAULT_SIGN_IN_GATE) {}

  /** Runs `work` for `address` when its turn comes (first come, first served), or says why not. */
  async run<T>(address: string, work: () => Promise<T>): Promise<GateResult<T>> {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine >= this.limits.perAddress) return { ok: false, refused: 'address-busy' };
    const mustWait = this.running >= this.limits.running;
    if (mustWait && this.waiting.length >= this.limits.queued) return { ok: false, refused: 'service-busy' };
    this.perAddress.set(address, mine + 1);
    try {
      // A waiter is handed the slot of the check that ends, so `running` only counts real work.
      if (mustWait) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
      try {
        return { ok: true, value: await work() };
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    }
  }
}
