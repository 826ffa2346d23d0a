/**
 * What every downloaded file or document is sent with (uploaded files, record PDFs, signed
 * document links): always an attachment, its type never guessed again, sandboxed if a browser
 * rendered it anyway; and its bytes streamed so that a client gone part way lets go of them.
 */
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A name as an RFC 8187 ext-value: UTF-8, every byte outside attr-char percent-encoded (encodeURIComponent leaves ' ( ) * alone). */
export function extValue(name: string): string {
  return `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** `attachment`, the name as UTF-8 and, when `ascii` is asked for, also as plain ASCII for old clients (RFC 6266). */
export function attachment(name: string, ascii = false): string {
  const plain = ascii ? ` filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}";` : '';
  return `attachment;${plain} filename*=${extValue(name)}`;
}

export interface DownloadHeaders {
  name: string;
  type: string;
  bytes?: number;
  /** Also an ASCII `filename` (see attachment). */
  asciiName?: boolean;
}

export function setDownloadHeaders(res: Response, h: DownloadHeaders): void {
  res.setHeader('Content-Type', h.type);
  if (h.bytes !== undefined) res.setHeader('Content-Length', String(h.bytes));
  res.setHeader('Content-Disposition', attachment(h.name, h.asciiName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  res.setHeader('Cache-Control', 'private, no-store');
}

/**
 * Streams `body` out. A client gone part way destroys `body` (its file handle, its GridFS
 * cursor, the PDF being laid out); `body` failing part way cuts the response (the receiver sees it
 * incomplete, never a wrong file). Either way nothing is left to answer: it resolves.
 */
export async function sendBody(res: Response, body: Readable): Promise<void> {
  await pipeline(body, res).catch(() => undefined);
}
