/**
 * Files named in a record's answers, checked at save and submit: each must be a file stored for
 * this record and this question, with the same SHA-256, and not found infected (an answer cannot
 * point at another record's file, or at one that was never uploaded). At submit they are kept.
 */
import type { EngineContext } from '../context.js';
import { ValidationFailedError, type FieldError } from '../errors.js';
import { isFilesQuestion } from './model.js';

interface NamedFile {
  /** The answer item's pointer (`/fitNote/0`). */
  pointer: string;
  /** The question's (`/fitNote`). */
  question: string;
  id: unknown;
  name: unknown;
  sha256: unknown;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Whether a schema has a files question anywhere the walk below looks (properties, items), per schema object. */
const asksForFiles = new WeakMap<object, boolean>();

function hasFilesQuestion(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const known = asksForFiles.get(node);
  if (known !== undefined) return known;
  const n = node as Record<string, unknown>;
  const found =
    isFilesQuestion(n) ||
    (n.properties !== null && typeof n.properties === 'object' && Object.values(n.properties as Record<string, unknown>).some(hasFilesQuestion)) ||
    (n.type === 'array' && hasFilesQuestion(n.items));
  asksForFiles.set(node, found);
  return found;
}

/** Every item of every files answer in `data`, by walking the schema beside it. */
export function filesInAnswers(schema: unknown, data: unknown): NamedFile[] {
  // Most forms ask for no files: their answers need no walk (a version's schema is one object, kept).
  if (!hasFilesQuestion(schema)) return [];
  const out: NamedFile[] = [];
  const walk = (node: unknown, value: unknown, pointer: string) => {
    if (node === null || typeof node !== 'object' || value === undefined) return;
    const n = node as Record<string, unknown>;
    if (isFilesQuestion(n)) {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          const it = (item ?? {}) as Record<string, unknown>;
          out.push({ pointer: `${pointer}/${i}`, question: pointer, id: it.id, name: it.name, sha256: it.sha256 });
        });
      }
      return;
    }
    if (n.properties && typeof n.properties === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(n.properties as Record<string, unknown>)) {
        if (Object.hasOwn(value, key)) walk(child, (value as Record<string, unknown>)[key], `${pointer}/${escape(key)}`);
      }
    }
    if (n.type === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(n.items, v, `${pointer}/${i}`));
  };
  walk(schema, data, '');
  return out;
}

/** Refuses (422, at each answer's pointer) files that are not this record's uploads to that question; returns the ids named. */
export async function checkFileAnswers(ctx: EngineContext, submissionId: string, schema: unknown, data: unknown): Promise<string[]> {
  const named = filesInAnswers(schema, data);
  if (named.length === 0) return [];
  const stored = new Map((await ctx.store.files.listForRecord(submissionId)).map((f) => [f.id, f]));
  const errors: FieldError[] = [];
  for (const item of named) {
    const name = typeof item.name === 'string' ? item.name : 'This file';
    const f = typeof item.id === 'string' ? stored.get(item.id) : undefined;
    if (!f || f.pointer !== item.question || f.sha256 !== item.sha256) {
      errors.push({ pointer: item.pointer, message: `${name} is not a file uploaded to this question of this record. Remove it and upload the file again.` });
    } else if (f.scan === 'infected') {
      errors.push({ pointer: item.pointer, message: `${name} had a virus in it, so it was removed. Remove it and upload a clean copy.` });
    }
  }
  if (errors.length) throw new ValidationFailedError(errors.length === 1 ? errors[0]!.message : 'Some of the files in the answers cannot be used.', errors);
  return named.map((n) => n.id as string);
}
