/** Issue 11, item 4: password checks are bounded per address and in all, so a flood cannot starve real sign-ins. */
import { describe, expect, it } from 'vitest';
import { SignInGate } from '../../../engine/accounts/sign-in-gate.js';

/** Work that ends when told to. */
function pending() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { work: () => done.then(() => 'checked'), finish };
}

describe('the sign-in gate', () => {
  it('lets one address have only so many checks going at once, and other addresses carry on', async () => {
    const gate = new SignInGate({ running: 4, queued: 8, perAddress: 2 });
    const a = [pending(), pending()];
    const running = a.map((p) => gate.run('10.0.0.1', p.work));
    expect(await gate.run('10.0.0.1', async () => 'never')).toEqual({ ok: false, refused: 'address-busy' });
    expect(await gate.run('10.0.0.2', async () => 'real')).toEqual({ ok: true, value: 'real' });
    a[0]!.finish();
    expect(await running[0]).toEqual({ ok: true, value: 'checked' });
    // One ended, so the address may start another.
    expect(await gate.run('10.0.0.1', async () => 'again')).toEqual({ ok: true, value: 'again' });
    a[1]!.finish();
    await running[1];
  });

  it('queues beyond the running limit first come, first served, and refuses beyond the queue', async () => {
    const gate = new SignInGate({ running: 1, queued: 1, perAddress: 5 });
    const first = pending();
    const order: string[] = [];
    const one = gate.run('a', first.work);
    const two = gate.run('b', async () => void order.push('b'));
    expect(await gate.run('c', async () => 'never')).toEqual({ ok: false, refused: 'service-busy' });
    expect(order).toEqual([]);
    first.finish();
    await Promise.all([one, two]);
    expect(order).toEqual(['b']);
    // All free again: a check runs at once.
    expect(await gate.run('c', async () => 'now')).toEqual({ ok: true, value: 'now' });
  });

  it('frees its place when a check fails', async () => {
    const gate = new SignInGate({ running: 1, queued: 0, perAddress: 1 });
    await expect(gate.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('a', async () => 'fine')).toEqual({ ok: true, value: 'fine' });
  });
});
