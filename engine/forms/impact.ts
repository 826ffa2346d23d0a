/**
 * What publishing a version would break, for the designer, who never reads what social workers
 * wrote. So impact must not be an oracle on answer content: the draft version is the designer's
 * to shape (a pattern "^Jane D", an if/then on a child's id…), and a count of drafts that fail
 * its checks would give the answers away a character at a time. Drafts are therefore counted only
 * by which answers they hold (a removed field or a changed type with an answer, a removed option
 * chosen); changes whose effect depends on what was written (limits, patterns, formats, rules) are
 * listed as "may refuse answers given before", never run against the drafts. Counts from 1 to 4
 * are given as "fewer than 5", so one record cannot be singled out, and every computation is
 * written to the event log with what it disclosed.
 */
import type { EngineContext } from '../context.js';
import type { FieldError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { affects, analyseChanges, dependsOnContent, type Change } from './changes.js';
import { getVersion, versionKey } from './lifecycle.js';
import type { Actor } from './model.js';

/** Below this, a number of drafts is shown only as "fewer than" it. */
export const FEWEST_SHOWN = 5;

/** A number of drafts as a designer may see it: exact when none or at least {@link FEWEST_SHOWN}. */
export type DraftCount = { exactly: number } | { fewerThan: number };

export interface ImpactedChange extends Change {
  /**
   * Drafts in progress whose answers this change touches, by which answers they hold; null when
   * that depends on what was written, which is not examined (the change may refuse answers given
   * before).
   */
  affectedDrafts: DraftCount | null;
}

export interface Impact {
  formId: string;
  version: number;
  /** Drafts in progress on older versions of the form. */
  draftsInProgress: number;
  /** Drafts that could not move to this version because of the changes counted. */
  blockedDrafts: DraftCount;
  changes: ImpactedChange[];
  /** Why publishing would be refused because it breaks a delivery mapping to the ICS (empty: it would not). */
  deliveryBlockers: FieldError[];
}

export function shownCount(n: number): DraftCount {
  return n === 0 || n >= FEWEST_SHOWN ? { exactly: n } : { fewerThan: FEWEST_SHOWN };
}

// Drafts are never validated here: a change reaching this would make the count depend on content.
const notExamined = (): boolean => {
  throw new Error('Publish impact never checks answers against the new version.');
};

export async function publishImpact(ctx: EngineContext, actor: Actor, formId: string, n: number): Promise<Impact> {
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
    for (const c of changes) {
      const key = `${c.kind}|${c.path}|${c.message}`;
      const entry = counts.get(key) ?? { change: c, affected: 0 };
      if (!dependsOnContent(c) && affects(c, d.data, 'draft', notExamined)) {
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
  const changes = [...counts.values()].map(({ change, affected }) => ({ ...change, affectedDrafts: dependsOnContent(change) ? null : shownCount(affected) }));
  const impact: Impact = {
    formId,
    version: n,
    draftsInProgress: drafts.length,
    blockedDrafts: shownCount(blocked.size),
    changes,
    deliveryBlockers: await ctx.publishBlockers(formId, n, target),
  };
  await ctx.store.appendEvent(
    newEvent(ctx.now(), actor.id, 'version.impact-computed', 'version', versionKey(formId, n), {
      draftsInProgress: impact.draftsInProgress,
      blockedDrafts: impact.blockedDrafts,
      counted: changes.filter((c) => c.breaking && c.affectedDrafts).map((c) => ({ kind: c.kind, path: c.path, ...(c.detail?.code !== undefined ? { code: c.detail.code } : {}), affectedDrafts: c.affectedDrafts })),
    }),
  );
  return impact;
}
