/**
 * What publishing a version would break: for each breaking change against the versions drafts
 * are still open on, how many of those drafts it touches (they would have to stay on their
 * version). Counts only: designers never read what social workers wrote.
 */
import type { EngineContext } from '../context.js';
import type { FieldError } from '../errors.js';
import { fieldPath } from './schema-paths.js';
import { affects, analyseChanges, type Change } from './changes.js';
import { getVersion } from './lifecycle.js';

export interface ImpactedChange extends Change {
  /** Drafts in progress whose answers this change touches. */
  affectedDrafts: number;
}

export interface Impact {
  formId: string;
  version: number;
  /** Drafts in progress on older versions of the form. */
  draftsInProgress: number;
  /** Drafts that could not move to this version. */
  blockedDrafts: number;
  changes: ImpactedChange[];
  /** Why publishing would be refused because it breaks a delivery mapping to the ICS (empty: it would not). */
  deliveryBlockers: FieldError[];
}

export async function publishImpact(ctx: EngineContext, formId: string, n: number): Promise<Impact> {
  const target = await getVersion(ctx, formId, n);
  const drafts = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof ctx.store.listSubmissions>> = await ctx.store.listSubmissions({ formId, status: 'draft' }, { limit: 500, cursor });
    drafts.push(...page.items.filter((s) => s.version < n));
    cursor = page.next;
  } while (cursor);

  const byVersion = new Map<number, Change[]>();
  const counts = new Map<string, { change: Change; affected: number }>();
  const blocked = new Set<string>();
  for (const d of drafts) {
    let changes = byVersion.get(d.version);
    if (!changes) {
      changes = analyseChanges(await getVersion(ctx, formId, d.version), target);
      byVersion.set(d.version, changes);
    }
    const errors = ctx.validators.validate(target, d.data, 'submit').filter((e) => e.keyword !== 'required').map((e) => fieldPath(e.pointer));
    const errorsUnder = (path: string) => (path === '' ? errors.length > 0 : errors.some((p) => p === path || p.startsWith(path + '/')));
    for (const c of changes) {
      const key = `${c.kind}|${c.path}|${c.message}`;
      const entry = counts.get(key) ?? { change: c, affected: 0 };
      if (affects(c, d.data, 'draft', errorsUnder)) {
        entry.affected++;
        blocked.add(d.id);
      }
      counts.set(key, entry);
    }
  }
  // With no drafts open, still show what changes against the version before.
  if (drafts.length === 0) {
    const previous = (await ctx.store.listVersions(formId)).find((v) => v.version < n && v.status !== 'draft');
    if (previous) for (const c of analyseChanges(previous, target)) counts.set(`${c.kind}|${c.path}|${c.message}`, { change: c, affected: 0 });
  }
  return {
    formId,
    version: n,
    draftsInProgress: drafts.length,
    blockedDrafts: blocked.size,
    changes: [...counts.values()].map(({ change, affected }) => ({ ...change, affectedDrafts: affected })),
    deliveryBlockers: await ctx.publishBlockers(formId, n, target),
  };
}
