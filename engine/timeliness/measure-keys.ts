/**
 * The answers a completed record's stamp carries for the dashboards (`timeliness.measures`), so
 * the stores count grades and agreement from a few bytes instead of the whole record. Each is
 * kept under a key made from its `x-measures` field pointer that both stores take as a field
 * name (letters, digits and underscores: no dot, no `$`, a SAFE_FIELD part) and that gives the
 * pointer back exactly: `/` is `__`, any other character that is not a letter or digit (and a
 * digit first) is `_` and its four hex digits (`_005f` for `_`). `/domains/risk/grade` is
 * `domains__risk__grade`. A pointer whose key would be longer than 64 characters has none: the
 * dashboards then read that answer from `data` (slower, same count).
 */
import type { JsonObject } from '../forms/model.js';
import { measuresOf } from '../forms/schedule.js';
import { SAFE_FIELD, type Measures, type TallyValue, type Timeliness } from './model.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The stamp key of an `x-measures` field pointer; undefined when it has none (see above). */
export function measureKey(pointer: string): string | undefined {
  if (!pointer.startsWith('/') || pointer.length < 2) return undefined;
  let key = '';
  for (let i = 1; i < pointer.length; i++) {
    const c = pointer[i]!;
    if (c === '/') key += '__';
    else if (/[A-Za-z]/.test(c) || (/[0-9]/.test(c) && i > 1)) key += c;
    else key += `_${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    if (key.length > 64) return undefined;
  }
  return KEY.test(key) ? key : undefined;
}

/** The field pointer a key was made from (the inverse of measureKey); undefined for a text no key is. */
export function measurePointer(key: string): string | undefined {
  if (!KEY.test(key)) return undefined;
  let pointer = '/';
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c !== '_') pointer += c;
    else if (key[i + 1] === '_') (pointer += '/', i++);
    else {
      const hex = key.slice(i + 1, i + 5);
      if (!/^[0-9a-f]{4}$/.test(hex)) return undefined;
      pointer += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    }
  }
  return measureKey(pointer) === key ? pointer : undefined;
}

/** The tally field of a measured answer: its place in the stamp, else (no key) the answer itself under `data`. */
export function measureField(pointer: string): string | undefined {
  const key = measureKey(pointer);
  if (key) return `timeliness.measures.${key}`;
  const dotted = `data.${pointer.replace(/^\//, '').split('/').join('.')}`;
  return SAFE_FIELD.test(dotted) ? dotted : undefined;
}

/** Every field pointer a form's `x-measures` names (charted answers, then the agreement pair), once each. */
export function measuredPointers(measures: Measures | null | undefined): string[] {
  if (!measures) return [];
  const all = [...(measures.answers ?? []).map((a) => a.field), ...(measures.agreement ? [measures.agreement.first, measures.agreement.second] : [])];
  return [...new Set(all.filter((p): p is string => typeof p === 'string'))];
}

/** The answer at a `/section/field` pointer (outside repeating groups); undefined when absent. */
export function answerAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * The stamp's entries for these pointers: each answer that is a text, number or yes/no, else
 * null (no answer, a list, an object), so a key present means "measured", even when unanswered.
 * Pointers without a key are left out.
 */
export function measureEntries(data: unknown, pointers: readonly string[]): Record<string, TallyValue> {
  const out: Record<string, TallyValue> = {};
  for (const pointer of pointers) {
    const key = measureKey(pointer);
    if (!key) continue;
    const v = answerAt(data, pointer);
    out[key] = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : null;
  }
  return out;
}

/** A version's measured answers for its stamp; undefined when its schema measures nothing. */
export function stampMeasures(schema: JsonObject, data: unknown): Record<string, TallyValue> | undefined {
  const pointers = measuredPointers(measuresOf(schema));
  const entries = measureEntries(data, pointers);
  return Object.keys(entries).length ? entries : undefined;
}

/** The pointers that have a key, with it. */
export function measureKeys(pointers: readonly string[]): Array<{ pointer: string; key: string }> {
  return pointers.flatMap((pointer) => {
    const key = measureKey(pointer);
    return key ? [{ pointer, key }] : [];
  });
}

/**
 * A completed record with its stamp's missing entries for these pointers filled in from its
 * answers (Store.fillMeasures); entries already there are kept. Null when it is not stamped or
 * lacks none of them.
 */
export function withMeasures<T extends { data: unknown; timeliness?: Timeliness }>(record: T, pointers: readonly string[]): T | null {
  const stamp = record.timeliness;
  if (!stamp) return null;
  const had = stamp.measures ?? {};
  const missing = measureKeys(pointers).filter((k) => !Object.hasOwn(had, k.key));
  if (!missing.length) return null;
  return { ...record, timeliness: { ...stamp, measures: { ...had, ...measureEntries(record.data, missing.map((k) => k.pointer)) } } };
}
