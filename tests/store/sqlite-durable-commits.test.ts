/**
 * The SQLite store commits without waiting for the disk and fsyncs the WAL off the event loop
 * before acknowledging a write (engine/store/sqlite/wal-sync.ts); writes made while an fsync runs
 * wait for one commit after it. What that must not change: every acknowledged write is there
 * after the store is closed and opened again, writes queued at close are committed first, and a
 * write that fails alone fails alone.
 */
import { describe, expect, it } from 'vitest';
import { newLocation } from '../support/stores.js';
import { event, form } from '../support/records.js';

describe('SQLite commits: durable before acknowledged, off the event loop', () => {
  it('writes made together, some while an fsync runs, are all acknowledged and all there after closing and opening again', async () => {
    const loc = newLocation('sqlite');
    const store = await loc.open();
    const events = Array.from({ length: 60 }, (_, i) => event('test.written', 'form', `f-${i}`));
    const acknowledged: string[] = [];
    // Three waves: the second and third arrive while the first's fsync may still run.
    const waves = [events.slice(0, 20), events.slice(20, 40), events.slice(40)];
    const all: Array<Promise<void>> = [];
    for (const wave of waves) {
      for (const e of wave) all.push(store.appendEvent(e).then(() => void acknowledged.push(e.entity.id)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(acknowledged.sort()).toEqual(events.map((e) => e.entity.id).sort());
    await store.close();
    const again = await loc.open();
    const stored = await again.listEvents({ action: 'test.written', limit: 100 });
    expect(stored.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    await again.close();
  });

  it('writes still queued when the store closes are committed before it closes', async () => {
    const loc = newLocation('sqlite');
    const store = await loc.open();
    const first = store.appendEvent(event('test.first', 'form', 'f-first'));
    await new Promise((r) => setImmediate(r));
    // Queued while the first batch's fsync may be running; close at once.
    const later = Array.from({ length: 10 }, (_, i) => store.appendEvent(event('test.later', 'form', `f-${i}`)));
    await store.close();
    await Promise.all([first, ...later]);
    const again = await loc.open();
    expect(await again.listEvents({ action: 'test.later', limit: 100 })).toHaveLength(10);
    expect(await again.listEvents({ action: 'test.first', limit: 100 })).toHaveLength(1);
    await again.close();
  });

  it('a write refused in a batch (a form that exists) leaves the others in that batch acknowledged and stored', async () => {
    const loc = newLocation('sqlite');
    const store = await loc.open();
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const twice = store.insertForm(f, event('form.created', 'form', f.id));
    const other = form();
    const fine = store.insertForm(other, event('form.created', 'form', other.id));
    await expect(twice).rejects.toThrow();
    await fine;
    await store.close();
    const again = await loc.open();
    expect((await again.getForm(other.id))?.id).toBe(other.id);
    await again.close();
  });
});
