/** Small real files of each kind, made in the test (no fixtures on disk), and a raw upload client. */
import { request } from 'node:http';
import yazl from 'yazl';

/** A minimal but well-formed one-page PDF, padded to `size` bytes with a comment when asked. */
export function pdf(text = 'Fit note', size = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 20 100 Td (${text}) Tj ET\nendstream endobj\n`;
  const end = 'trailer<</Root 1 0 R>>\n%%EOF\n';
  const pad = Math.max(0, size - body.length - end.length);
  return Buffer.concat([Buffer.from(body), Buffer.alloc(pad, 0x25), Buffer.from(end)]);
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A Word document: the three parts of a .docx package, zipped. */
export async function docx(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '[Content_Types].xml',
  );
  zip.addBuffer(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'), '_rels/.rels');
  zip.addBuffer(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Return to work plan</w:t></w:r></w:p></w:body></w:document>'), 'word/document.xml');
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** An email as saved from a mail client (.eml). */
export const EML = Buffer.from(
  'Return-Path: <gp@surgery.example>\r\nFrom: GP Surgery <gp@surgery.example>\r\nTo: Sam Manager <sam@council.example>\r\nSubject: Fit note for Alex\r\nDate: Mon, 1 Dec 2026 09:30:00 +0000\r\nMessage-ID: <1@surgery.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the fit note attached.\r\n',
);

/** The start of a Windows program (MZ, then a PE header). */
export function exe(): Buffer {
  const b = Buffer.alloc(4096);
  b.write('MZ');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Bytes the client had handed to the socket when the answer came. */
  sentWhenAnswered: number;
}

/**
 * Sends `total` bytes (a PDF's start, then filler) in 64 KB pieces with backpressure, with or
 * without Content-Length (chunked), and resolves with the answer, which may come before the whole
 * body is sent; writing stops once it has.
 */
export function sendStream(url: string, headers: Record<string, string>, total: number, options: { chunked: boolean }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers, ...(options.chunked ? {} : { 'content-length': String(total) }) } });
    const first = pdf('big', 65_536);
    const filler = Buffer.alloc(65_536, 0x20);
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const at = sent;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), sentWhenAnswered: at });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      // The server may close the connection after answering while the rest is still being written;
      // the answer can reach us just after the write fails.
      if (!answered) setTimeout(() => answered || reject(err), 1000);
    });
    const pump = () => {
      while (sent < total && !answered) {
        const piece = sent === 0 ? first : filler;
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
