/**
 * The names a calculated answer's formula uses, read from its text (no parser needed, so a
 * formula that does not parse yet is read too): to rename them when a question is renamed, and
 * to find the formulas a removal breaks.
 */
import { tokensOf } from './data-paths.js';

/** The name formulas use for a data path (`/actions/*\/hours` → `actions.hours`). */
export const formulaName = (path: string): string =>
  tokensOf(path)
    .filter((t) => t !== '*')
    .join('.');

/**
 * The names a formula uses and where, found by reading the text (strings skipped, function
 * names left out): enough to rename and to find what a removal breaks, even in a formula that
 * does not parse yet.
 */
export function formulaNames(text: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  const name = /[A-Za-z_$][A-Za-z0-9_$]*(?:\s*\.\s*[A-Za-z_$][A-Za-z0-9_$]*)*/y;
  const number = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      number.lastIndex = i;
      const m = number.exec(text);
      i += m ? m[0].length : 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c) && text[i - 1] !== '.') {
      name.lastIndex = i;
      const m = name.exec(text)!;
      const end = i + m[0].length;
      const call = /^\s*\(/.test(text.slice(end));
      const words = m[0].replace(/\s+/g, '');
      if (!call && !['true', 'false', 'this'].includes(words)) out.push({ name: words, start: i, end });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

/** The formula once the answer at data path `from` is kept at `to`: names of it (and of what is inside it) follow. */
export function renameInFormula(text: string, from: string, to: string): string {
  const [a, b] = [formulaName(from), formulaName(to)];
  if (a === b || !a) return text;
  let out = '';
  let at = 0;
  for (const n of formulaNames(text)) {
    if (n.name !== a && !n.name.startsWith(a + '.')) continue;
    out += text.slice(at, n.start) + b + n.name.slice(a.length);
    at = n.end;
  }
  return at === 0 ? text : out + text.slice(at);
}
