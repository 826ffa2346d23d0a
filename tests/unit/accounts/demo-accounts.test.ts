import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../engine/engine.js';
import { seedDemoAccounts, passwordSignIn } from '../../../engine/accounts/lifecycle.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';

describe.each(STORE_KINDS)('demo accounts (%s store)', (kind) => {
  it('several processes starting on one empty store at once: exactly one makes the demo accounts, the others none, and none fails', async () => {
    const loc = newLocation(kind);
    // Each its own connection to the same store, as each web node has.
    const nodes = await Promise.all(Array.from({ length: 4 }, async () => createEngine({ store: await loc.open() })));
    try {
      const made = await Promise.all(nodes.map((n) => seedDemoAccounts(n)));
      const makers = made.filter((m) => m !== null);
      expect(makers).toHaveLength(1);
      const demo = makers[0]!;
      expect(demo.map((d) => d.role).sort()).toEqual(['admin', 'designer', 'integrator', 'manager', 'practitioner']);
      expect((await nodes[1]!.store.listAccounts()).map((a) => a.username).sort()).toEqual(demo.map((d) => d.username).sort());
      // The maker's passwords are the accounts' own (so the file it writes is right).
      for (const d of demo) expect(await passwordSignIn(nodes[2]!, { username: d.username, password: d.password }, { local: true })).toMatchObject({ account: { username: d.username } });
      // A later start makes none.
      expect(await seedDemoAccounts(nodes[3]!)).toBeNull();
    } finally {
      await Promise.all(nodes.map((n) => n.store.close()));
    }
  });
});
