/**
 * A record as a PDF for the child's file: the form's title and the child on every page, page
 * numbers ("Page 2 of 5"), the record's details (reference, version, author, when), its
 * answers as the print view shows them (./answers.ts), its signatures and its review history.
 *
 * Made with pdfkit (pure JavaScript, in the server's own process) rather than Debian's headless
 * Chromium `page.pdf()`: both can tag a PDF, and on one long record they are about as fast
 * (engine/documents/README.md has the figures), but pdfkit needs no browser beside the web server
 * and every sync worker (a process of a few hundred MB to launch, supervise and keep patched),
 * marks the page furniture as artifacts, and gives the same bytes for the same record — which the
 * file drop's promise (a batch written again after a crash is identical) needs; Chromium stamps
 * each PDF with the time it was printed.
 * DejaVu Sans (dejavu-fonts-ttf) is embedded (subset), so every Latin letter and the common
 * punctuation of names and answers renders.
 *
 * Bounded work on the event loop: the layout is synchronous in pdfkit, so it is done in slices,
 * giving the loop back every SLICE_MS; the bytes stream out as pdfkit writes them (the pages
 * themselves are kept until the end, because "of 5" is known only then — bounded by the
 * record's size limit).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { FormDefinition } from '../forms/model.js';
import type { ReviewEntry, Signature } from '../review/model.js';
import type { Submission } from '../submissions/model.js';
import { answerBlocks, dateTimeWords, NOT_ANSWERED, type AnswerBlock, type AnswerRow } from './answers.js';

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = path.join(fontDir, 'DejaVuSans.ttf');
const FONT_BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

/** Longest stretch of layout before the event loop gets a turn. */
export const SLICE_MS = 10;

/** What a record's PDF is made from (all read and authorised by the caller). */
export interface RecordDocument {
  submission: Submission;
  /** The version the record was made with. */
  definition: FormDefinition;
  formTitle: string;
  /** The directory's current name for the child, when it knows the id. */
  childName?: string;
  workerName?: string;
  /** Display names of accounts by id (author, submitter), when known. */
  names?: ReadonlyMap<string, string>;
  /** The instant the document stands for (the record's last change), printed at the end and its CreationDate. */
  madeAt: string;
}

/** Words of the page furniture, for tests and for the header. */
export function childWords(childId: string | undefined, childName: string | undefined): string | null {
  if (!childId) return null;
  return childName ? `Child: ${childName} (ICS person ID ${childId})` : `Child: ICS person ID ${childId}`;
}

/** Who the record is about, for the top of every page: the child, or for a staff record the worker. */
export function subjectWords(d: Pick<RecordDocument, 'submission' | 'childName' | 'workerName'>): string | null {
  const { childId, workerId } = d.submission.subject;
  if (childId) return childWords(childId, d.childName);
  if (!workerId) return null;
  return d.workerName ? `About: ${d.workerName} (ICS worker ID ${workerId})` : `About: ICS worker ID ${workerId}`;
}

export function pageWords(n: number, of: number): string {
  return `Page ${n} of ${of}`;
}

const ACTIONS: Record<ReviewEntry['action'], string> = { submitted: 'Submitted', resubmitted: 'Resubmitted', signed: 'Signed', returned: 'Returned for changes' };

/** One review step in a sentence: "Signed at Manager sign-off by Mo Manager (manager) on 3 May 2026 at 2:30pm." */
export function historyWords(e: ReviewEntry): string {
  const at = e.stageName ? ` at ${e.stageName}` : '';
  return `${ACTIONS[e.action] ?? e.action}${at} by ${e.name} (${e.role}) on ${dateTimeWords(e.at)}.${e.reason ? ` Reason: ${e.reason}` : ''}`;
}

export function signatureWords(s: Signature): string[] {
  return [s.statement, `${dateTimeWords(s.at)}, in the role ${s.role}${s.workerId ? `, ICS worker ID ${s.workerId}` : ''}.`, `Signed over the record's content ${s.contentHash} (revision ${s.revision}).`];
}

/** The record's details, as label and value pairs, in the order the record page shows them. */
export function detailRows(d: RecordDocument): AnswerRow[] {
  const s = d.submission;
  const name = (id: string | undefined) => (id ? (d.names?.get(id) ?? id) : '');
  const rows: AnswerRow[] = [
    { label: s.reference ? 'Reference' : 'Record ID', value: s.reference ?? s.id },
    { label: 'Form', value: `${d.formTitle}, version ${s.version}` },
    { label: 'Status', value: s.status === 'submitted' ? `Submitted ${s.submittedAt ? dateTimeWords(s.submittedAt) : ''}`.trim() : s.review ? 'Draft: returned for changes' : 'Draft (not submitted)' },
  ];
  if (s.review) rows.push({ label: 'Review', value: s.review.state === 'complete' ? 'Complete' : s.review.state === 'returned' ? `Returned for changes${s.review.stageName ? ` at ${s.review.stageName}` : ''}` : `Waiting${s.review.stageName ? ` for ${s.review.stageName}` : ''}` });
  if (s.subject.childId) rows.push({ label: d.childName ? 'Child (ICS person ID)' : "Child's ICS person ID", value: d.childName ? `${d.childName} (${s.subject.childId})` : s.subject.childId });
  if (s.subject.workerId) rows.push({ label: d.workerName ? 'Worker (ICS ID)' : 'Worker ID', value: d.workerName ? `${d.workerName} (${s.subject.workerId})` : s.subject.workerId });
  if (s.subject.episodeId) rows.push({ label: 'Episode ID', value: s.subject.episodeId });
  rows.push({ label: 'Started by', value: `${name(s.createdBy)} on ${dateTimeWords(s.createdAt)}` });
  if (s.submittedBy) rows.push({ label: 'Submitted by', value: `${name(s.submittedBy)}${s.submittedAt ? ` on ${dateTimeWords(s.submittedAt)}` : ''}` });
  return rows;
}

type Doc = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Doc['struct']>;

const MARGIN = 56;
const TOP = 78;
const BOTTOM = 64;
const SIZES = { h1: 20, h2: 15, h3: 13, h4: 11.5, label: 10.5, body: 10.5, small: 8.5 };

/** Characters of an answer laid out at once: a 50,000-character answer in one go held the loop for 100 ms and more. */
const PIECE = 1500;

/** An answer cut into pieces of about PIECE characters, each ending after a space or line break (so no word is split). */
export function piecesOf(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > PIECE) {
    const window = rest.slice(0, PIECE);
    const cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
    const at = cut > PIECE / 2 ? cut + 1 : PIECE;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out;
}

/** Thrown at a turn of the loop once the document's stream has been destroyed (its reader went away). */
class Abandoned extends Error {}

/** Gives the event loop a turn once a slice of work has run; stops the layout once `doc` is destroyed. */
function pacer(doc: { destroyed: boolean }): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (doc.destroyed) throw new Abandoned();
    if (performance.now() - since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
    if (doc.destroyed) throw new Abandoned();
  };
}

class Writer {
  readonly pace: () => Promise<void>;
  constructor(
    readonly doc: Doc,
    readonly root: Struct,
  ) {
    this.pace = pacer(doc);
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Room for `h` points on this page, or a new page. */
  room(h: number): void {
    if (this.doc.y + h > this.doc.page.height - BOTTOM) this.doc.addPage();
  }

  heading(level: number, text: string, parent: Struct = this.root): void {
    const tag = `H${Math.min(6, Math.max(1, level))}` as 'H1';
    const size = level <= 1 ? SIZES.h1 : level === 2 ? SIZES.h2 : level === 3 ? SIZES.h3 : SIZES.h4;
    // A heading is never the last line of a page.
    this.room(size * 2 + SIZES.label * 8);
    this.doc.moveDown(level <= 2 ? 0.6 : 0.4);
    parent.add(this.doc.struct(tag, {}, [() => this.doc.font('bold').fontSize(size).fillColor('#0b0c0c').text(text, MARGIN, this.doc.y, { width: this.width })]));
    this.doc.moveDown(0.3);
  }

  /** A question and its answer: the question in bold, the answer under it (a long one laid out a piece at a time). */
  async row(row: AnswerRow, parent: Struct = this.root): Promise<void> {
    this.room(SIZES.label * 3);
    const item = this.doc.struct('Div');
    parent.add(item);
    if (row.label) item.add(this.doc.struct('P', {}, [() => this.doc.font('bold').fontSize(SIZES.label).fillColor('#0b0c0c').text(row.label, MARGIN, this.doc.y, { width: this.width })]));
    const p = this.doc.struct('P');
    item.add(p);
    // Marked by hand rather than in a closure, so the loop can have turns between the pieces.
    const content = this.doc.markStructureContent('P');
    this.doc.font('regular').fontSize(SIZES.body).fillColor(row.value === '' ? '#505a5f' : '#0b0c0c');
    const pieces = piecesOf(row.value === '' ? NOT_ANSWERED : row.value);
    for (const [n, piece] of pieces.entries()) {
      const continued = n < pieces.length - 1;
      if (n === 0) this.doc.text(piece, MARGIN, this.doc.y, { width: this.width, continued });
      else this.doc.text(piece, { width: this.width, continued });
      if (continued) await this.pace();
    }
    this.doc.endMarkedContent();
    p.add(content);
    p.end();
    item.end();
    this.doc.moveDown(0.5);
  }

  paragraph(text: string, parent: Struct = this.root, size = SIZES.body): void {
    parent.add(this.doc.struct('P', {}, [() => this.doc.font('regular').fontSize(size).fillColor('#0b0c0c').text(text, MARGIN, this.doc.y, { width: this.width })]));
  }

  async blocks(blocks: AnswerBlock[], level: number, parent: Struct): Promise<void> {
    for (const b of blocks) {
      await this.pace();
      if (b.type === 'list') {
        for (const r of b.rows) {
          await this.row(r, parent);
          await this.pace();
        }
      } else if (b.type === 'section') {
        const sect = this.doc.struct('Sect');
        parent.add(sect);
        this.heading(level, b.heading, sect);
        await this.blocks(b.blocks, level + 1, sect);
        sect.end();
      } else {
        const sect = this.doc.struct('Sect');
        parent.add(sect);
        this.heading(level, b.label, sect);
        for (const card of b.cards) {
          const c = this.doc.struct('Sect');
          sect.add(c);
          this.heading(level + 1, card.title, c);
          for (const r of card.rows) {
            await this.row(r, c);
            await this.pace();
          }
          c.end();
        }
        sect.end();
      }
    }
  }
}

/** Page furniture on every page: marked as artifacts, so screen readers skip the repeats. */
async function furniture(doc: Doc, title: string, child: string | null, reference: string, pace: () => Promise<void>): Promise<void> {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    await pace();
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('bold').fontSize(SIZES.small).fillColor('#0b0c0c');
    doc.text(title, MARGIN, 28, { width: width - 2 * MARGIN, lineBreak: false, ellipsis: true });
    doc.font('regular');
    if (child) doc.text(child, MARGIN, 40, { width: width - 2 * MARGIN, lineBreak: false, ellipsis: true });
    doc.moveTo(MARGIN, 56).lineTo(width - MARGIN, 56).lineWidth(0.5).strokeColor('#b1b4b6').stroke();
    doc.text(reference, MARGIN, height - 40, { width: (width - 2 * MARGIN) / 2, lineBreak: false });
    doc.text(pageWords(i - range.start + 1, range.count), width / 2, height - 40, { width: width / 2 - MARGIN, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Writes out the buffered pages a few at a time (compressing a page's content is synchronous in
 * pdfkit; all 200 pages of the largest record at once held the loop for 60-100 ms). Uses
 * pdfkit's page buffer, which `flushPages()` empties; should a pdfkit release change it, the
 * pages are simply written by `end()` in one go.
 */
async function flushInSlices(doc: Doc, pace: () => Promise<void>): Promise<void> {
  const held = doc as unknown as { _pageBuffer?: unknown };
  const pages = held._pageBuffer;
  if (!Array.isArray(pages)) return;
  for (let i = 0; i < pages.length; i += 8) {
    held._pageBuffer = pages.slice(i, i + 8);
    doc.flushPages();
    await pace();
  }
}

/**
 * Writes the record's PDF: returns the document stream at once (pipe it where it goes) and lays
 * it out in slices; the stream ends when the document is complete, or errors.
 */
export function recordPdf(d: RecordDocument): Readable {
  const s = d.submission;
  const reference = s.reference ?? s.id;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: `${d.formTitle}: ${reference}`, Subject: subjectWords(d) ?? d.formTitle, Creator: 'Caseforms', Producer: 'Caseforms (pdfkit)', CreationDate: new Date(d.madeAt) },
  });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const write = async () => {
    const root = doc.struct('Document');
    doc.addStructure(root);
    const w = new Writer(doc, root);
    w.heading(1, d.formTitle);
    const details = doc.struct('Sect');
    root.add(details);
    for (const r of detailRows(d)) await w.row(r, details);
    details.end();
    const answers = doc.struct('Sect');
    root.add(answers);
    w.heading(2, s.status === 'submitted' ? 'Submitted answers' : 'Draft answers', answers);
    await w.blocks(answerBlocks(d.definition, s.data), 3, answers);
    answers.end();
    if (s.signatures?.length) {
      const sect = doc.struct('Sect');
      root.add(sect);
      w.heading(2, 'Signatures', sect);
      for (const sig of s.signatures) {
        w.heading(3, sig.stageName, sect);
        for (const line of signatureWords(sig)) w.paragraph(line, sect);
        doc.moveDown(0.5);
        await w.pace();
      }
      sect.end();
    }
    if (s.review?.history.length) {
      const sect = doc.struct('Sect');
      root.add(sect);
      w.heading(2, 'Review history', sect);
      const list = doc.struct('L');
      sect.add(list);
      for (const e of s.review.history) {
        w.room(SIZES.body * 3);
        list.add(doc.struct('LI', {}, [doc.struct('LBody', {}, [() => doc.font('regular').fontSize(SIZES.body).fillColor('#0b0c0c').text(historyWords(e), MARGIN, doc.y, { width: w.width })])]));
        doc.moveDown(0.3);
        await w.pace();
      }
      list.end();
      sect.end();
    }
    w.room(SIZES.small * 3);
    doc.moveDown(1);
    w.paragraph(`Made by Caseforms from the record as it stood on ${dateTimeWords(d.madeAt)}.`, root, SIZES.small);
    root.end();
    await furniture(doc, d.formTitle, subjectWords(d), reference, w.pace);
    await flushInSlices(doc, w.pace);
    doc.end();
  };
  // Laid out on the next turn of the loop, once the caller has piped the stream; a reader gone
  // part way (the stream destroyed) stops the layout at its next turn rather than finishing it for no one.
  setImmediate(() => {
    if (doc.destroyed) return;
    write().catch((err: unknown) => {
      if (err instanceof Abandoned || doc.destroyed) return;
      doc.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  // pdfkit's document is a stream.Readable; its types name only the NodeJS.ReadableStream interface.
  return doc as unknown as Readable;
}

/** The whole PDF as bytes (for the sync connectors, which write or hash it whole). */
export async function recordPdfBytes(d: RecordDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of recordPdf(d)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
