/**
 * Exporting a form's records across all its versions: one column per answer any version has
 * (in the order the versions introduced them), lists of rows as JSON in one cell, choices as
 * their codes; every cell through the one CSV cell writer (./csv-cell.ts). Records are read a page at a time; each one handed out is logged (see `exportPages`).
 * Answers to questions the display rules hide never leave: records stored before they were
 * left out at submit (and drafts, which keep them while being edited) are exported without them.
 */
import type { EngineContext } from '../context.js';
import { formFields } from '../forms/fields.js';
import { visibilityPlan, visibleAnswers } from '../forms/hidden-answers.js';
import type { FormVersion } from '../forms/model.js';
import type { SubmissionQuery } from '../store/contract.js';
import { newEvent } from '../store/events.js';
import { csvCell } from './csv-cell.js';
import type { Submission } from './model.js';
import { withSubjectNames, type SubjectNames } from '../directory/subjects.js';
import { isFilesQuestion } from '../files/model.js';
import { fileNames, filesPaths, withFileLinks, type FilesPath } from './export-files.js';

/**
 * Records per page: each page's records live across the awaits of its reads and its event-log
 * write, so larger pages get promoted to the old generation and the heap balloons (issue 17: 500
 * held ~115 MB of heap at the peak of a 30,000-record export, 200 about 33 MB, at no more CPU).
 */
const PAGE = 200;

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
      const files = isFilesQuestion(f.schema);
      out.push({ name: META.some((m) => m.name === name) ? `data.${name}` : name, value: files ? (s) => fileNames(at(s.data, tokens)) : (s) => at(s.data, tokens) });
    }
  }
  return out;
}

/** A value as CSV cell text: lists of choices joined with "; ", lists of rows and objects as JSON; never a formula (./csv-cell.ts). */
export function cellText(value: unknown): string {
  return csvCell(value, 'joined');
}

/**
 * Records read ahead and logged in one batch of `submission.exported` events before they leave:
 * one page. Read ahead 1,000 at a time (5 pages, one commit per batch) ran no faster once commits
 * were synced off the event loop, and raised the server's peak RSS by about 100 MB at 100,000
 * records (tests/bench/export.ts).
 */
const EVENTS_EVERY = 200;

/**
 * Pages of a form's records (all versions, all statuses by default), each record without the
 * answers its version's display rules hide, with the directory's names for what it is about (one
 * read per page), each uploaded file in its answers with its download `link`.
 *
 * Every record is logged as `submission.exported` before it leaves, never after: each page (of
 * `readAhead` records, whole pages) is logged in one all-or-nothing batch, then handed out. So a
 * crash never lets a record out unlogged; an export stopped part way (the reader gone) may have
 * logged the one batch it read and did not hand out. Between pages the event loop gets a turn.
 */
export async function* exportPages(
  ctx: EngineContext,
  actorId: string,
  formId: string,
  status?: 'draft' | 'submitted',
  /** The exporter's reach (directory/access.ts: integrators read all); null reads nothing. */
  within: (query: SubmissionQuery) => SubmissionQuery | null = (q) => q,
  /** Records read ahead and logged together (whole pages: at least one). */
  readAhead = EVENTS_EVERY,
): AsyncGenerator<ExportedRecord[]> {
  const query = within({ formId, ...(status ? { status } : {}) });
  if (!query) return;
  // Per version, once per export: what its display rules leave of a record's answers, and where its files are.
  const versions = new Map<number, { visible: (data: Submission['data']) => Submission['data']; files: FilesPath[] }>();
  const versionOf = async (n: number) => {
    let known = versions.get(n);
    if (!known) {
      const v: FormVersion | null = await ctx.store.getVersion(formId, n);
      const plan = v ? visibilityPlan(v) : null;
      known = { visible: plan ? (data) => visibleAnswers(plan, data) : (data) => data, files: v ? filesPaths(v) : [] };
      versions.set(n, known);
    }
    return known;
  };
  let cursor: string | null = null;
  do {
    // Read ahead: whole pages up to `readAhead` records, ready to leave.
    const ready: ExportedRecord[][] = [];
    let count = 0;
    do {
      const page: { items: Submission[]; next: string | null } = await ctx.store.listSubmissions(query, { limit: PAGE, cursor });
      if (page.items.length) {
        const items: Submission[] = [];
        for (const s of page.items) {
          const v = versions.get(s.version) ?? (await versionOf(s.version));
          const data = withFileLinks(v.files, v.visible(s.data));
          items.push(data === s.data ? s : { ...s, data });
        }
        const out = await withSubjectNames(ctx.store, items);
        ready.push(out);
        count += out.length;
      }
      cursor = page.next;
      // Other requests get a turn between pages.
      if (cursor) await new Promise((resolve) => setImmediate(resolve));
    } while (cursor && count < readAhead);
    // Logged before any of them leaves.
    if (count) {
      const at = ctx.now();
      await ctx.store.appendEvents(ready.flatMap((page) => page.map((s) => newEvent(at, actorId, 'submission.exported', 'submission', s.id))));
    }
    for (const page of ready) yield page;
  } while (cursor);
}
