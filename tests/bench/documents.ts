/**
 * Record PDFs (issue 16): pdfkit (what the engine uses, engine/documents/pdf.ts) against Debian's
 * headless Chromium `page.pdf()` (tagged) on the same records, laid out the same way (headings,
 * questions and answers from engine/documents/answers.ts, the title, child and "Page n of N" on
 * every page), measured alternately round by round. Two records: a long realistic one (a case
 * file audit's fixture with 60 action rows) and the largest the API accepts (1 MB of answers).
 * Also: the longest the event loop waits while pdfkit makes the largest record (the engine lays
 * out in slices, engine/documents/pdf.ts SLICE_MS), and whether each PDF is tagged.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { answerBlocks, NOT_ANSWERED, type AnswerBlock } from '../../engine/documents/answers.js';
import { childWords, detailRows, recordPdfBytes, type RecordDocument } from '../../engine/documents/pdf.js';
import type { Submission } from '../../engine/submissions/model.js';
import { CHROMIUM } from '../support/browser.js';
import { median, percentile } from './measure.js';
import { PerformanceObserver } from 'node:perf_hooks';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function blocksHtml(blocks: AnswerBlock[], level: number): string {
  const h = (n: number, t: string) => `<h${Math.min(6, n)}>${esc(t)}</h${Math.min(6, n)}>`;
  const row = (r: { label: string; value: string }) => `<dt>${esc(r.label)}</dt><dd>${esc(r.value || NOT_ANSWERED).replace(/\n/g, '<br>')}</dd>`;
  return blocks
    .map((b) =>
      b.type === 'list'
        ? `<dl>${b.rows.map(row).join('')}</dl>`
        : b.type === 'section'
          ? `<section>${h(level, b.heading)}${blocksHtml(b.blocks, level + 1)}</section>`
          : `<section>${h(level, b.label)}${b.cards.map((c) => `<section>${h(level + 1, c.title)}<dl>${c.rows.map(row).join('')}</dl></section>`).join('')}</section>`,
    )
    .join('');
}

function recordHtml(d: RecordDocument): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(d.formTitle)}</title><style>
body{font-family:'DejaVu Sans',sans-serif;font-size:10.5pt;color:#0b0c0c} dt{font-weight:bold;margin-top:6pt} dd{margin:0}
</style></head><body><h1>${esc(d.formTitle)}</h1><dl>${detailRows(d).map((r) => `<dt>${esc(r.label)}</dt><dd>${esc(r.value)}</dd>`).join('')}</dl>
<h2>Submitted answers</h2>${blocksHtml(answerBlocks(d.definition, d.submission.data), 3)}</body></html>`;
}

function submission(formId: string, data: Record<string, unknown>): Submission {
  const at = '2026-06-02T09:15:00Z';
  return { id: 'bench-1', reference: 'BEN-2026-000001', formId, version: 1, status: 'submitted', subject: { childId: 'C9990001' }, data, revision: 1, createdBy: 'u', createdAt: at, updatedBy: 'u', updatedAt: at, submittedBy: 'u', submittedAt: at };
}

function longAudit(): RecordDocument {
  const t = JSON.parse(readFileSync(new URL('../../schemas/templates/case-file-audit.json', import.meta.url), 'utf8'));
  const data = JSON.parse(readFileSync(new URL('../schemas/fixtures/case-file-audit/valid-child-protection-with-conversation.json', import.meta.url), 'utf8'));
  // Many action rows, as a thorough audit has (each row as the fixture's first).
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) if (Array.isArray(v2) && v2.length && typeof v2[0] === 'object') (data[k] as Record<string, unknown>)[k2] = Array.from({ length: 60 }, () => v2[0]);
  }
  return { submission: submission('case-file-audit', data), definition: t, formTitle: t.form.title, childName: 'Jordan Smith', madeAt: '2026-06-02T09:15:00Z' };
}

/** The largest record the API takes: 1 MB of JSON (express.json's limit), as long notes in rows. */
function largest(): RecordDocument {
  const schema = { type: 'object', properties: { notes: { type: 'array', maxItems: 500, title: 'Case notes', items: { type: 'object', title: 'Note', properties: { text: { type: 'string', maxLength: 50000, title: 'What happened' } } } } } };
  const uischema = { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/notes' }] };
  const sentence = 'The child said she felt safe at school and wanted to see her brother more often. ';
  const notes = Array.from({ length: 100 }, (_, i) => ({ text: `${i + 1}. ${sentence.repeat(118)}` }));
  const data = { notes };
  if (JSON.stringify({ data }).length > 1024 * 1024) throw new Error('over the API body limit');
  return { submission: submission('notes', data), definition: { schema, uischema }, formTitle: 'Case notes', childName: 'Jordan Smith', madeAt: '2026-06-02T09:15:00Z' };
}

function tagged(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    const info = execFileSync('pdfinfo', [join(dir, 'a.pdf')], { encoding: 'utf8' });
    return `${/Tagged:\s+yes/.test(info) ? 'tagged' : 'not tagged'}, ${/Pages:\s+(\d+)/.exec(info)?.[1]} pages`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gaps between turns of the event loop while `work` runs (the longest, the 99th percentile) and the longest garbage collection pause in that time. */
async function loopWaits(work: () => Promise<unknown>): Promise<{ longest: number; p99: number; gc: number }> {
  let last = performance.now();
  const gaps: number[] = [];
  let on = true;
  let gc = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc = Math.max(gc, e.duration);
  });
  obs.observe({ entryTypes: ['gc'] });
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  on = false;
  obs.disconnect();
  return { longest: Math.max(...gaps), p99: percentile(gaps, 99), gc };
}

export async function benchDocuments(log: (line: string) => void): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const page = await browser.newPage();
    for (const [name, d] of [['long audit (60 action rows)', longAudit()], ['largest record (1 MB of answers)', largest()]] as const) {
      const header = `<div style="font-size:8px;width:100%;margin:0 40px"><b>${esc(d.formTitle)}</b><br>${esc(childWords(d.submission.subject.childId, d.childName) ?? '')}</div>`;
      const footer = `<div style="font-size:8px;width:100%;margin:0 40px;text-align:right">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;
      const viaChromium = async () => {
        await page.setContent(recordHtml(d));
        return page.pdf({ format: 'A4', tagged: true, outline: true, displayHeaderFooter: true, headerTemplate: header, footerTemplate: footer, margin: { top: '80px', bottom: '60px', left: '56px', right: '56px' } });
      };
      let kit: Buffer = Buffer.alloc(0);
      let chrome: Buffer = Buffer.alloc(0);
      const ratios: number[] = [];
      const kitMs: number[] = [];
      const chromeMs: number[] = [];
      kit = await recordPdfBytes(d);
      chrome = await viaChromium();
      for (let round = 0; round < 5; round++) {
        let t = performance.now();
        kit = await recordPdfBytes(d);
        const a = performance.now() - t;
        t = performance.now();
        chrome = await viaChromium();
        const b = performance.now() - t;
        kitMs.push(a);
        chromeMs.push(b);
        ratios.push(a / b);
      }
      log(`  ${name}: pdfkit ${median(kitMs).toFixed(0)} ms, ${(kit.length / 1024).toFixed(0)} KB, ${tagged(kit)}; chromium page.pdf ${median(chromeMs).toFixed(0)} ms (browser already running), ${(chrome.length / 1024).toFixed(0)} KB, ${tagged(chrome)}; ratio pdfkit ÷ chromium ${median(ratios).toFixed(2)}×`);
    }
    for (let round = 1; round <= 3; round++) {
      const w = await loopWaits(() => recordPdfBytes(largest()));
      log(`  event loop while pdfkit makes the largest record (round ${round}): longest wait ${w.longest.toFixed(0)} ms, 99th percentile ${w.p99.toFixed(0)} ms (ratio ${(w.p99 / 10).toFixed(1)}× the 10 ms slice); longest GC pause meanwhile ${w.gc.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
  }
}
