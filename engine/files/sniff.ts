/**
 * What a file is, from its first bytes (magic numbers, via the `file-type` library), never from
 * its name or the browser's word for it; checked against the types a question allows.
 *
 * Two kinds have no magic of their own: an email (.eml) is text, known by RFC 5322 header lines
 * at the start; and old Word, Excel and Outlook files (.doc, .xls, .msg) are all one container
 * (Compound File Binary), so among the allowed ones the name's extension decides which.
 */
import { fileTypeFromBuffer } from 'file-type';
import { FILE_TYPES, type FileType } from './model.js';

/** Bytes read before deciding: enough for file-type to look inside an Office zip's first entries. */
export const SNIFF_BYTES = 64 * 1024;

export type Sniffed = { ok: true; mediaType: string } | { ok: false; looksLike: string };

const CFB_BY_EXTENSION: Record<string, { type: FileType; mediaType: string }> = {
  doc: { type: 'word', mediaType: 'application/msword' },
  xls: { type: 'excel', mediaType: 'application/vnd.ms-excel' },
  msg: { type: 'email', mediaType: 'application/vnd.ms-outlook' },
};

/** What people call what a file turned out to be, by file-type's extension. */
const LOOKS_LIKE: Record<string, string> = {
  exe: 'a Windows program',
  elf: 'a program',
  macho: 'a program',
  msi: 'a Windows installer',
  cab: 'a Windows installer',
  zip: 'a zip archive',
  rar: 'an archive',
  '7z': 'an archive',
  gz: 'an archive',
  tar: 'an archive',
  xml: 'an XML file',
  swf: 'a Flash file',
  class: 'a Java program',
  jar: 'a Java program',
  cfb: 'an older Office file',
};

/** Header names an email nearly always starts with. */
const EMAIL_HEADERS = /^(from|to|cc|date|subject|received|return-path|message-id|mime-version|delivered-to|reply-to|sender|x-[a-z0-9-]+):/i;

/**
 * An RFC 5322 message: text whose first lines, up to the blank line, are header fields (`Name:
 * value`, or folded continuation lines), at least two of them ones an email carries.
 */
export function looksLikeEmail(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  const text = Buffer.from(head).toString('latin1');
  const lines = text.split(/\r?\n/);
  let known = 0;
  let seen = 0;
  for (const [i, line] of lines.entries()) {
    if (line === '') return seen > 0 && known >= 2;
    // The last line may be cut by the end of the head.
    if (i === lines.length - 1) break;
    if (/^[ \t]/.test(line) && seen > 0) continue;
    if (!/^[\x21-\x39\x3b-\x7e]+:/.test(line)) return false;
    seen++;
    if (EMAIL_HEADERS.test(line)) known++;
  }
  return seen >= 2 && known >= 2;
}

const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** What the file is, if it is one of the `allowed` types; otherwise what it looks like, in words. */
export async function sniff(head: Uint8Array, name: string, allowed: readonly FileType[]): Promise<Sniffed> {
  const found = await fileTypeFromBuffer(head);
  if (found?.mime === 'application/x-cfb') {
    const byName = CFB_BY_EXTENSION[extensionOf(name)];
    if (byName && allowed.includes(byName.type)) return { ok: true, mediaType: byName.mediaType };
    return { ok: false, looksLike: LOOKS_LIKE.cfb! };
  }
  if (found) {
    const mime = found.mime as string;
    const type = allowed.find((t) => (FILE_TYPES[t].mediaTypes as readonly string[]).includes(mime));
    if (type) return { ok: true, mediaType: mime };
    const kindOf = FILE_TYPE_BY_MEDIA.get(mime);
    return { ok: false, looksLike: LOOKS_LIKE[found.ext] ?? (kindOf ? TYPE_WORDS[kindOf] : `a ${found.ext.toUpperCase()} file`) };
  }
  if (looksLikeEmail(head)) {
    if (allowed.includes('email')) return { ok: true, mediaType: 'message/rfc822' };
    return { ok: false, looksLike: TYPE_WORDS.email };
  }
  return { ok: false, looksLike: 'a kind of file we cannot recognise' };
}

const FILE_TYPE_BY_MEDIA = new Map<string, FileType>(Object.entries(FILE_TYPES).flatMap(([t, d]) => d.mediaTypes.map((m) => [m, t as FileType] as const)));

/** Each allowed type as a person says it: "a PDF", "an image". */
export const TYPE_WORDS: Record<FileType, string> = {
  pdf: 'a PDF',
  image: 'an image',
  word: 'a Word document',
  excel: 'a spreadsheet',
  email: 'an email',
};

/** "a PDF or an image", "a PDF, an image or an email". */
export function typesInWords(types: readonly FileType[]): string {
  const words = types.map((t) => TYPE_WORDS[t]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
