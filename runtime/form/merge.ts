/**
 * Three-way merge of a draft's answers, one answer at a time: what this tab changed and what was
 * saved elsewhere since (both measured from the last answers the server and this tab agreed on)
 * are combined. Changes to different answers both survive; an answer changed on both sides to
 * different values is a conflict for the person to settle. Rows of a repeatable group merge row
 * by row while neither side removed one; otherwise the group is one answer.
 */

import { sameValue } from '../../engine/json/equal.js';

export { sameValue };

export interface Conflict {
  /** Dot path of the answer (`decision.rationale`, `actions.1.dueDate`). */
  path: string;
  mine: unknown;
  theirs: unknown;
}

export interface Merged {
  data: Record<string, unknown>;
  conflicts: Conflict[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRows = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.every(isRecord);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function mergeValue(path: string, base: unknown, mine: unknown, theirs: unknown, conflicts: Conflict[]): unknown {
  if (sameValue(mine, theirs)) return mine;
  if (sameValue(mine, base)) return theirs;
  if (sameValue(theirs, base)) return mine;
  if (isRecord(mine) && isRecord(theirs)) return mergeObject(path, isRecord(base) ? base : {}, mine, theirs, conflicts);
  if (isRows(mine) && isRows(theirs)) {
    const baseRows = isRows(base) ? base : [];
    const n = baseRows.length;
    // Row by row only while rows keep their places: no side removed one, at most one side added.
    if (mine.length >= n && theirs.length >= n && (mine.length === n || theirs.length === n)) {
      const rows = baseRows.map((b, i) => mergeValue(join(path, i), b, mine[i], theirs[i], conflicts));
      return [...rows, ...(mine.length > n ? mine.slice(n) : theirs.slice(n))];
    }
  }
  conflicts.push({ path, mine, theirs });
  return mine;
}

function mergeObject(path: string, base: Record<string, unknown>, mine: Record<string, unknown>, theirs: Record<string, unknown>, conflicts: Conflict[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const value = mergeValue(join(path, key), base[key], mine[key], theirs[key], conflicts);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * `base`: the answers as last agreed with the server (null when not known: then every answer
 * that differs is a conflict). While conflicts are unsettled, `data` holds this tab's side.
 */
export function mergeAnswers(base: Record<string, unknown> | null, mine: Record<string, unknown>, theirs: Record<string, unknown>): Merged {
  const conflicts: Conflict[] = [];
  // Nothing known in common: only answers given on one side alone combine without asking.
  return { data: mergeObject('', base ?? {}, mine, theirs, conflicts), conflicts };
}
