/**
 * What both adapters share about storing the directory (children, workers and teams from the
 * ICS): how a row is kept (defaults filled, keys in one order, so two rows with the same content
 * compare equal as text), the words a name is found by, what a batch changes, and the batch log
 * entry it leaves. No database here.
 */
import type { AppliedBatch, DirectoryBatch, DirectoryKind } from '../directory/model.js';
import { ConflictError } from '../errors.js';

/** A row as kept, without `updatedAt` (the adapters keep that beside it). */
export type StoredRow = Record<string, unknown> & { id: string };

/** The row with its kind's defaults (`restricted` false, `active` true), keys sorted, nothing undefined, no `updatedAt`. */
export function storedRow(kind: DirectoryKind, row: Record<string, unknown>): StoredRow {
  const filled: Record<string, unknown> = kind === 'children' ? { restricted: false, ...row } : kind === 'workers' ? { active: true, ...row } : { ...row };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(filled).sort()) {
    if (key === 'updatedAt' || filled[key] === undefined) continue;
    out[key] = filled[key];
  }
  return out as StoredRow;
}

/** The row's content as text: equal text, equal row (keys are in one order). */
export const rowContent = (row: StoredRow): string => JSON.stringify(row);

/** Letters with their accents taken off, lower case, apostrophes dropped ("O’Brien" → "obrien"). */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/['’‘`]/g, '');
}

/** The words a name is found by: "Zoë O'Brien-Smith" → zoe, obrien, smith. */
export function nameWords(name: string): string[] {
  return [...new Set(fold(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/** The words typed into a search, each to start a word of the name ("jor smi"). */
export const searchWords = nameWords;

/** An id as compared without case. */
export const idKey = (id: string): string => id.toLowerCase();

/** An email as compared without case. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** Above every string that starts with `prefix`: `key >= prefix AND key < prefixEnd(prefix)` is "starts with". */
export const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

/** What a batch does to the rows of its kind, worked out against what is stored. */
export interface BatchPlan {
  /** Rows to write (new or changed), as kept, with their content text. */
  puts: Array<{ row: StoredRow; content: string; isNew: boolean }>;
  /** Rows the batch carries that are stored already as they are. */
  unchanged: Array<{ row: StoredRow; content: string }>;
  /** Ids of stored rows to remove. */
  deletes: string[];
}

/**
 * The changes a batch makes. `existing` maps id → content of the stored rows the batch could
 * touch: for a full batch every stored row of the kind, for a delta those with the ids it carries
 * or deletes (`token` makes what is kept of a content, e.g. its hash). An unchanged row is not written (it keeps its `updatedAt`). In a delta, an id both
 * upserted and deleted ends deleted.
 */
export function planBatch(batch: DirectoryBatch, existing: ReadonlyMap<string, string>, token: (content: string) => string = (c) => c): BatchPlan {
  const deleting = new Set(batch.mode === 'delta' ? batch.deletes : []);
  const puts: BatchPlan['puts'] = [];
  const unchanged: BatchPlan['unchanged'] = [];
  const seen = new Set<string>();
  for (const r of batch.upserts as Array<Record<string, unknown>>) {
    const row = storedRow(batch.kind, r);
    seen.add(row.id);
    if (deleting.has(row.id)) continue;
    const content = rowContent(row);
    const before = existing.get(row.id);
    if (before !== token(content)) puts.push({ row, content, isNew: before === undefined });
    else unchanged.push({ row, content });
  }
  const deletes: string[] = [];
  if (batch.mode === 'full') {
    for (const id of existing.keys()) if (!seen.has(id)) deletes.push(id);
  } else {
    for (const id of deleting) if (existing.has(id)) deletes.push(id);
  }
  return { puts, unchanged, deletes };
}

/** The ids whose stored rows a delta batch needs to see (its upserts and deletes). */
export function touchedIds(batch: DirectoryBatch): string[] {
  return [...new Set([...(batch.upserts as Array<{ id: string }>).map((r) => r.id), ...batch.deletes])];
}

/** The batch log entry of a batch applied as `seq`, leaving `total` rows of its kind. */
export function appliedBatch(batch: DirectoryBatch, seq: number, plan: BatchPlan, total: number): AppliedBatch {
  return {
    seq,
    kind: batch.kind,
    mode: batch.mode,
    key: batch.key,
    fingerprint: batch.fingerprint,
    source: { via: batch.source.via, name: batch.source.name, by: batch.source.by },
    appliedAt: batch.appliedAt,
    upserted: plan.puts.length,
    deleted: plan.deletes.length,
    total,
  };
}

/**
 * A batch whose key is in the batch log already: the same batch again (same fingerprint, kind
 * and mode) is a replay; anything else is refused.
 */
export function replayOf(prior: AppliedBatch, batch: DirectoryBatch): { applied: AppliedBatch; replayed: true } {
  if (prior.fingerprint !== batch.fingerprint || prior.kind !== batch.kind || prior.mode !== batch.mode) {
    throw new ConflictError(
      `The key "${batch.key}" was already used for a different batch (batch ${prior.seq}, ${prior.mode} ${prior.kind}, applied ${prior.appliedAt}). ` +
        'A batch is applied once per key: send a changed batch with a new Idempotency-Key (or as a new file).',
      'idempotency-key-reused',
    );
  }
  return { applied: prior, replayed: true };
}
