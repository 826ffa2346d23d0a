import { describe, expect, it } from 'vitest';
import { PollLoop } from '../../engine/poll-loop.js';

/** A round that reports each call and waits to be let go, so the test decides what happens next. */
function scripted(results: Array<number | Error>) {
  const calls: number[] = [];
  const waiting: Array<() => void> = [];
  let n = 0;
  const round = async () => {
    const i = n++;
    calls.push(i);
    waiting.splice(0).forEach((w) => w());
    const r = results[Math.min(i, results.length - 1)]!;
    if (r instanceof Error) throw r;
    return r;
  };
  const called = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (calls.length >= count ? resolve() : waiting.push(check));
      check();
    });
  return { round, calls, called };
}

const HOUR = 3_600_000;
/** Lets the loop finish its round and begin to wait (a wake before that finds no wait to end). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('poll loop (the delivery worker and the mailer)', () => {
  it('runs rounds back to back while they find work, then waits until woken', async () => {
    const r = scripted([2, 1, 0]);
    const loop = new PollLoop(r.round, { pollMs: HOUR, onError: () => {} });
    loop.start();
    await r.called(3);
    await settled();
    // Idle for an hour now; wake() starts the next round at once.
    loop.wake();
    await r.called(4);
    await loop.stop();
    expect(r.calls).toEqual([0, 1, 2, 3]);
  });

  it('tells of a round that threw and goes on with the next', async () => {
    const errors: unknown[] = [];
    const r = scripted([new Error('store unreachable'), 0]);
    const loop = new PollLoop(r.round, { pollMs: HOUR, onError: (err) => errors.push(err) });
    loop.start();
    await r.called(1);
    await settled();
    loop.wake();
    await r.called(2);
    await loop.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['store unreachable']);
  });

  it('stop() ends the wait at once, aborts the signal, and no round starts after it', async () => {
    const r = scripted([0]);
    const loop = new PollLoop(r.round, { pollMs: HOUR, onError: () => {} });
    loop.start();
    loop.start(); // a second start is no second loop
    await r.called(1);
    expect(loop.signal.aborted).toBe(false);
    await loop.stop();
    expect(loop.signal.aborted).toBe(true);
    loop.wake();
    await settled();
    expect(r.calls).toEqual([0]);
  });

  it('stop() during a round lets it finish and then ends, without waiting out the idle time', async () => {
    let release!: () => void;
    let started!: () => void;
    const inRound = new Promise<void>((resolve) => (started = resolve));
    const loop = new PollLoop(
      () =>
        new Promise<number>((resolve) => {
          started();
          release = () => resolve(0);
        }),
      { pollMs: HOUR, onError: () => {} },
    );
    loop.start();
    await inRound;
    const stopped = loop.stop();
    release();
    await stopped;
    expect(loop.signal.aborted).toBe(true);
  });
});
