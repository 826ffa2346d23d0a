/**
 * re2-wasm keeps each compiled pattern in the WebAssembly heap, which JavaScript's garbage
 * collector does not see and re2-wasm never frees: compiling a pattern for every check runs that
 * heap out after some ten thousand checks, and from then on every pattern is refused. So a
 * pattern is compiled once and shared (an RE2 without the g or y flag keeps no state between
 * calls), a check that only wants to know whether a pattern compiles frees it at once, and a
 * shared one is freed when nothing refers to it any more.
 */
import { LRUCache } from 'lru-cache';
import { RE2 } from 're2-wasm';

interface Native {
  delete(): void;
}

const nativeOf = (re: RE2): Native | undefined => (re as unknown as { wrapper?: Native }).wrapper;

const release = new FinalizationRegistry<Native>((native) => {
  try {
    native.delete();
  } catch {
    // Already freed.
  }
});

/** Why RE2 cannot compile `source` (its message), or null when it can. Nothing is kept. */
export function re2Problem(source: string): string | null {
  let re: RE2;
  try {
    re = new RE2(source, 'u');
  } catch (err) {
    return (err as Error).message;
  }
  nativeOf(re)?.delete();
  return null;
}

const shared = new LRUCache<string, RE2>({ max: 5000 });

/** The compiled RE2 for `source` with `flags` ("u" at least; never g or y), shared by every caller. */
export function sharedRE2(source: string, flags: string): RE2 {
  if (/[gy]/.test(flags)) throw new Error('A shared RE2 must not keep state between calls (no g or y flag).');
  const key = `${flags}/${source}`;
  let re = shared.get(key);
  if (!re) {
    re = new RE2(source, flags);
    const native = nativeOf(re);
    if (native) release.register(re, native);
    shared.set(key, re);
  }
  return re;
}
