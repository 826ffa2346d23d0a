/**
 * Exporting a form's records across all its versions: one column per answer any version has
 * (in the order the versions introduced them), lists of rows as JSON in one cell, choices as
 * their codes; every cell through the one CSV cell writer (./csv-cell.ts). Records are read a page at a time and each read is logged before it leaves.
 * Answers to questions the display rules hide never leave: records stored before they were
 * left out at submit (and drafts, which keep them while being edited) are exported without them.
 */
import type { EngineContext } from '../context.js';
import { formFields } from '../forms/fields.js';
import type { FormVersion } from '../forms/model.js';
import { newEvent } from '../store/events.js';
import { csvCell } from './csv-cell.js';
import type { Submission } from './model.js';
import { withSubjectNames, type SubjectNames } from '../directory/subjects.js';

/** A record as exported: with the directory's current names for what it is about, when it knows them. */
export type ExportedRecord = Submission & { subjectNames?: SubjectNames };

export interface ExportColumn {
  /** Header text: the field path with dots (`header.childId`), or a record property. */
  name: string;
  value(s: ExportedRecord): unknown;
}

const META: ExportColumn[] = [
  { name: 'id', value: (s) => s.id },
  // Empty for records created before references existed.
  { name: 'reference', value: (s) => s.reference },
  { name: 'formId', value: (s) => s.formId },
  { name: 'version', value: (s) => s.version },
  { name: 'status', value: (s) => s.status },
  { name: 'subject.childId', value: (s) => s.subject.childId },
  // The directory's current name for the child (a merged child's kept record's); empty when it does not know the id.
  { name: 'childName', value: (s) => s.subjectNames?.child },
  { name: 'subject.episodeId', value: (s) => s.subject.episodeId },
  { name: 'subject.workerId', value: (s) => s.subject.workerId },
  { name: 'createdBy', value: (s) => s.createdBy },
  { name: 'createdAt', value: (s) => s.createdAt },
  { name: 'submittedBy', value: (s) => s.submittedBy },
  { name: 'submittedAt', value: (s) => s.submittedAt },
];

function at(data: unknown, path: string[]): unknown {
  let cur = data;
  for (const t of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** Columns for every answer any of `versions` has; a list is one column. */
export function exportColumns(versions: FormVersion[]): ExportColumn[] {
  const seen = new Set<string>();
  const out = [...META];
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    for (const f of formFields(v).values()) {
      // Inside a list: the list's own column holds it.
      if (f.path.includes('/*') || f.type === 'object' || seen.has(f.path)) continue;
      seen.add(f.path);
      const tokens = f.path.split('/').slice(1);
      const name = tokens.join('.');
      // An answer named like a record column (a form with a "subject" section) keeps apart.
      out.push({ name: META.some((m) => m.name === name) ? `data.${name}` : name, value: (s) => at(s.data, tokens) });
    }
  }
  return out;
}

/** A value as CSV cell text: lists of choices joined with "; ", lists of rows and objects as JSON; never a formula (./csv-cell.ts). */
export function cellText(value: unknown): string {
  return csvCell(value, 'joined');
}

/**
 * Pages of a form's records (all versions, all statuses by default), each read logged first,
 * each record without the answers its version's display rules hide, with the directory's names
 * for what it is about (one read per page).
 */
export async function* exportPages(ctx: EngineContext, actorId: string, formId: string, status?: 'draft' | 'submitted'): AsyncGenerator<ExportedRecord[]> {
  const versions = new Map<number, FormVersion | null>();
  const versionOf = async (n: number) => {
    if (!versions.has(n)) versions.set(n, await ctx.store.getVersion(formId, n));
    return versions.get(n)!;
  };
  let cursor: string | null = null;
  do {
    const page: { items: Submission[]; next: string | null } = await ctx.store.listSubmissions({ formId, ...(status ? { status } : {}) }, { limit: 500, cursor });
    if (page.items.length) {
      await ctx.store.appendEvents(page.items.map((s) => newEvent(ctx.now(), actorId, 'submission.exported', 'submission', s.id)));
      const items: Submission[] = [];
      for (const s of page.items) {
        const v = await versionOf(s.version);
        const data = v ? ctx.validators.visibleAnswers(v, s.data) : s.data;
        items.push(data === s.data ? s : { ...s, data });
      }
      yield await withSubjectNames(ctx.store, items);
    }
    cursor = page.next;
  } while (cursor);
}
