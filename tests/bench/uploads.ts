/**
 * Uploads (issue 16): 50 uploads of 5 MB at once through the real HTTP server (its own process,
 * SQLite) against writing the same bytes to disk directly (50 files at once, each fsync'd, in
 * the same folder) measured in the same run, round by round; ratio = upload MB/s ÷ disk MB/s.
 * Also the server's peak RSS during each round.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { FILE_REF_SCHEMA } from '../../engine/files/model.js';
import { pdf } from '../support/file-samples.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { fmt, median } from './measure.js';

const MB = 1024 * 1024;
const FILES = 50;
const SIZE = 5 * MB;
const ROUNDS = 3;
const FORM = 'bench-uploads';

async function call(proc: ServerProcess, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(proc.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** One upload of `bytes` with Content-Length, sent in 64 KB pieces as a browser's would be: its status and the SHA-256 the server took. */
function upload(url: string, token: string, bytes: Buffer): Promise<{ status: number; sha256?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, sha256: (JSON.parse(text) as { sha256?: string }).sha256 }));
    });
    req.on('error', reject);
    let off = 0;
    const pump = () => {
      while (off < bytes.length) {
        const piece = bytes.subarray(off, off + 65_536);
        off += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** The baseline: the same bytes written straight to disk, 50 files at once, each fsync'd. */
async function writeDirect(dir: string, files: Buffer[]): Promise<void> {
  await Promise.all(
    files.map(async (bytes, i) => {
      const fh = await open(join(dir, `direct-${i}`), 'w', 0o600);
      try {
        for (let off = 0; off < bytes.length; off += 65_536) await fh.write(bytes.subarray(off, off + 65_536));
        await fh.sync();
      } finally {
        await fh.close();
      }
    }),
  );
}

export async function benchUploads(log: (line: string) => void): Promise<void> {
  const proc = await startServerProcess();
  try {
    const designer = proc.token('designer');
    const practitioner = proc.token('practitioner');
    await call(proc, designer, 'POST', '/api/forms', { id: FORM, title: 'Uploads bench', category: 'other', team: 'children-in-need-north' });
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: { evidence: { type: 'array', title: 'Evidence', 'x-files': { types: ['pdf'] }, maxItems: 20, items: FILE_REF_SCHEMA } },
    };
    await call(proc, designer, 'POST', `/api/forms/${FORM}/versions`, { schema, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/evidence' }] }, changeNote: 'Bench' });
    await call(proc, designer, 'POST', `/api/forms/${FORM}/versions/1/publish`, { changeNote: 'Bench' });
    // Every file different (each its own SHA-256), as real uploads are.
    const files = Array.from({ length: FILES }, (_, i) => {
      const b = pdf(`file ${i}`, SIZE);
      b.writeUInt32BE(i, 200);
      return b;
    });
    const shas = files.map((b) => createHash('sha256').update(b).digest('hex'));
    const direct = join(proc.dataDir, 'bench-direct');
    const ratios: number[] = [];
    const peaks: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      mkdirSync(direct, { recursive: true });
      let t = performance.now();
      await writeDirect(direct, files);
      const diskMBs = (FILES * SIZE) / MB / ((performance.now() - t) / 1000);
      rmSync(direct, { recursive: true, force: true });

      const drafts = await Promise.all(
        files.map((_, i) => call(proc, practitioner, 'POST', '/api/submissions', { formId: FORM, data: {}, status: 'draft' }, { 'idempotency-key': `"bench-${round}-${i}"` }) as Promise<{ id: string }>),
      );
      const before = proc.rss();
      proc.resetPeak();
      t = performance.now();
      const answers = await Promise.all(files.map((bytes, i) => upload(`${proc.url}/api/submissions/${drafts[i]!.id}/files?pointer=%2Fevidence&name=evidence-${i}.pdf`, practitioner, bytes)));
      const uploadMBs = (FILES * SIZE) / MB / ((performance.now() - t) / 1000);
      const peak = proc.peakRss();
      if (answers.some((a) => a.status !== 201)) throw new Error(`uploads answered ${[...new Set(answers.map((a) => a.status))].join(', ')}`);
      // What was stored is what was sent.
      answers.forEach((a, i) => {
        if (a.sha256 !== shas[i]) throw new Error(`upload ${i} was stored with SHA-256 ${a.sha256}, not ${shas[i]}`);
      });
      const ratio = uploadMBs / diskMBs;
      ratios.push(ratio);
      peaks.push(peak / MB);
      log(`  round ${round + 1}: uploads ${fmt(uploadMBs)} MB/s, disk ${fmt(diskMBs)} MB/s, ratio ${ratio.toFixed(2)}×; server RSS ${fmt(before / MB)} MB before, peak ${fmt(peak / MB)} MB`);
    }
    log(`  ${FILES} × ${SIZE / MB} MB at once on SQLite: median ratio ${median(ratios).toFixed(2)}× of writing the same bytes to disk directly; server peak RSS ${fmt(Math.max(...peaks))} MB; every file stored with the SHA-256 of what was sent`);
  } finally {
    await proc.stop();
    rmSync(proc.dataDir, { recursive: true, force: true });
  }
}
