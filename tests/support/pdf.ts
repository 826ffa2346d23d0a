/**
 * Reading PDFs back in tests with Debian's poppler-utils (installed by .ci/run): `pdftotext` for
 * the text, page by page, and `pdfinfo` for what the document says about itself (tagged, pages).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from './api.js';
import { checkResponse } from './openapi.js';

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd}: ${err.message} ${stderr}`)) : resolve(stdout)));
  });
}

async function withFile<T>(bytes: Uint8Array, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-pdf-'));
  const file = join(dir, 'document.pdf');
  writeFileSync(file, bytes);
  try {
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page, in reading order (pdftotext's own, not -layout). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const text = await withFile(bytes, (f) => run('pdftotext', ['-enc', 'UTF-8', f, '-']));
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** `pdfinfo`'s lines as a map ("Tagged" → "yes", "Pages" → "4", "Title" → …). */
export async function pdfInfo(bytes: Uint8Array): Promise<Map<string, string>> {
  const text = await withFile(bytes, (f) => run('pdfinfo', ['-enc', 'UTF-8', f]));
  return new Map(text.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Text with every run of white space one space, for finding answers that wrapped over lines. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** GET a binary answer, checked against the OpenAPI document like every other answer. */
export async function download(client: Client, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer; text: string }> {
  const res = await fetch(`${client.base}${path}`, { headers: client.token ? { authorization: `Bearer ${client.token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type');
  const text = type?.includes('json') ? bytes.toString('utf8') : '';
  await checkResponse('GET', path, res.status, type, text ? JSON.parse(text) : null);
  return { status: res.status, headers: res.headers, bytes, text };
}
