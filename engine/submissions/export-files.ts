/**
 * Uploaded files in exports (issue 16): the CSV shows a files answer as its files' names and
 * sizes, the JSON gives each file its download link (`/api/files/{id}`), and a JSON export with
 * the files (`?files=zip`) places each file under `files/<record reference>/<name>`, names made
 * unique within a record and safe as paths.
 */
import { isFilesQuestion, sizeInWords, type FileRef } from '../files/model.js';
import { formFields } from '../forms/fields.js';
import type { FormDefinition } from '../forms/model.js';

/** Where a files answer is: the names from the record's data to it (files questions are never inside rows). */
export type FilesPath = readonly string[];

/** The files questions of a version, as paths of names. */
export function filesPaths(v: FormDefinition): FilesPath[] {
  return [...formFields(v).values()].filter((f) => isFilesQuestion(f.schema) && !f.path.includes('/*')).map((f) => f.path.split('/').slice(1));
}

function at(data: unknown, names: FilesPath): unknown {
  let cur = data;
  for (const t of names) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, t)) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

function isFileRef(v: unknown): v is FileRef {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const f = v as Record<string, unknown>;
  return typeof f.id === 'string' && typeof f.name === 'string' && typeof f.size === 'number';
}

/** Every file in a record's answers, in the questions' order. */
export function filesIn(paths: readonly FilesPath[], data: unknown): FileRef[] {
  const out: FileRef[] = [];
  for (const p of paths) {
    const list = at(data, p);
    if (Array.isArray(list)) out.push(...list.filter(isFileRef));
  }
  return out;
}

/** Where a file is downloaded from. */
export const fileLink = (id: string) => `/api/files/${encodeURIComponent(id)}`;

/** `data` with a `link` beside each file of its files answers; `data` itself is not changed (the same object when it has none). */
export function withFileLinks<T>(paths: readonly FilesPath[], data: T): T {
  if (paths.length === 0 || filesIn(paths, data).length === 0) return data;
  const copy = structuredClone(data);
  for (const p of paths) {
    const list = at(copy, p);
    if (Array.isArray(list)) list.forEach((f) => isFileRef(f) && Object.assign(f, { link: fileLink(f.id) }));
  }
  return copy;
}

/** A files answer in one CSV cell: "fit-note.pdf (120 KB); scan.png (2 MB)" (each name written as any text is: never a formula). */
export function fileNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isFileRef).map((f) => `${f.name} (${sizeInWords(f.size)})`);
}

/** A name safe as one part of a path in a zip: no folders, no control characters, not "." or "..". */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim();
  const bounded = cleaned.length > 200 ? cleaned.slice(0, 200) : cleaned;
  return bounded === '' || /^\.+$/.test(bounded) ? 'file' : bounded;
}

/** Gives each name in one folder of the zip once: "scan.png", "scan (2).png", … */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(name: string): string {
    const safe = safeName(name);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = safe;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
