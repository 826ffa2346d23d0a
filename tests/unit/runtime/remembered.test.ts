/** Who is signed in on this device, kept for opening the app offline: only while their session would last. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forget, recall, remember, rememberExpiry, type Remembered } from '../../../runtime/app/remembered.js';

const pat = { id: 'a1', username: 'pat', displayName: 'Pat Practitioner', role: 'practitioner', team: 'north' } as const;
const kept = (over: Partial<Remembered> = {}): Remembered => ({ account: { ...pat }, expiresAt: 10_000, absoluteExpiresAt: 50_000, idleMs: 1_800_000, ...over });

/** The browser's localStorage, as far as remembered.ts uses it. */
class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  (globalThis as { window?: unknown }).window = { localStorage: storage };
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('the person signed in on this device', () => {
  it('is recalled until their session would end without activity, and not from then on', () => {
    remember(kept());
    expect(recall(9_999)?.account).toEqual(pat);
    expect(recall(10_000)).toBeNull();
  });

  it('activity moves the end on, but never past the session\'s longest lifetime', () => {
    remember(kept());
    rememberExpiry(30_000);
    expect(recall(29_999)?.expiresAt).toBe(30_000);
    rememberExpiry(90_000);
    expect(recall(49_999)?.expiresAt).toBe(50_000);
    expect(recall(50_000)).toBeNull();
  });

  it('is forgotten on signing out', () => {
    remember(kept());
    forget();
    expect(recall(0)).toBeNull();
    // Nothing kept: a later expiry says nothing about anybody.
    rememberExpiry(30_000);
    expect(recall(0)).toBeNull();
  });

  it('is nobody when what is kept is not whole (edited by hand, or from another version)', () => {
    for (const text of ['not json', 'null', '{}', JSON.stringify({ ...kept(), account: { id: 'a1' } }), JSON.stringify({ ...kept(), expiresAt: 'soon' }), JSON.stringify({ ...kept(), idleMs: null })]) {
      storage.setItem('caseforms.signed-in', text);
      expect(recall(0), text).toBeNull();
    }
  });

  it('is nobody, and nothing fails, when the browser refuses storage', () => {
    (globalThis as { window?: unknown }).window = {
      get localStorage(): never {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(() => remember(kept())).not.toThrow();
    expect(recall(0)).toBeNull();
    expect(() => forget()).not.toThrow();
  });
});
