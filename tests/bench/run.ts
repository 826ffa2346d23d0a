/**
 * `npm run bench`: every benchmark, each as a ratio against a baseline measured in the same run.
 * Not part of `npm test`. Pass names to run only some: `npm run bench -- validation`.
 */
import { benchValidation } from './validation.js';
import { benchStore } from './store.js';
import { benchService } from './service.js';
import { benchRuntime } from './runtime.js';
import { benchDesigner } from './designer.js';
import { benchSync } from './sync.js';
import { benchDirectory } from './directory.js';
import { benchWorklist } from './worklist.js';
import { benchDashboards } from './dashboards.js';
import { benchExportZip } from './export-zip.js';
import { benchExport } from './export.js';
import { benchDocuments } from './documents.js';
import { benchUploads } from './uploads.js';
import { benchGrowth } from './growth.js';

const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);
const log = (line: string) => console.log(line);

console.log(`Caseforms benchmarks — node ${process.version}, ${new Date().toISOString()}`);
if (want('validation')) {
  console.log('\nValidation (valid records; ratio = caseforms ops/s ÷ bare ajv ops/s, median of alternating rounds; goal ≥ 0.8×)');
  benchValidation(log);
}
if (want('store')) {
  console.log('\nStore inserts (ratio = caseforms store ÷ the bare driver writing the same document)');
  await benchStore(log);
}
if (want('service')) {
  console.log('\nService: POST /api/submissions at 50 connections (autocannon; ratio = submit req/s ÷ bare express JSON echo req/s; goal ≥ 0.5× on SQLite)');
  await benchService(log);
}
if (want('runtime')) {
  console.log('\nRuntime in headless Chromium against stock JSON Forms (vanilla renderers) on the same form (ratio = ours ÷ stock; below 1 is faster; goals on the 500-field form (issue 17): interactive < 500 ms and ≤ 0.5× stock, keystroke p95 ≤ 16.7 ms, one frame)');
  await benchRuntime(log);
}
if (want('designer')) {
  console.log('\nDesigner in headless Chromium: a 300-field draft against a 12-field one (ratio = 300 ÷ 12; 1.0 = size costs nothing)');
  await benchDesigner(log);
}
if (want('sync')) {
  console.log('\nICS sync: records submitted through the engine, delivered by an in-process SyncWorker (batch 32) to the ICS simulator over HTTP (ratio = pipeline ÷ the same envelopes POSTed straight to the simulator by the HTTP connector, as many at a time; latency ratio = submit→delivered ÷ one bare POST\'s round trip)');
  await benchSync(log);
}
if (want('directory')) {
  console.log('\nDirectory imports (ratio = store batch time ÷ a bare insert of the same rows; SQLite at 100,000 children, FerretDB smaller)');
  await benchDirectory(log);
}
if (want('worklist')) {
  console.log('\n"Your work" (issue 14): a manager of a team of 30 with 20,000 records and 5,000 open actions, among 4 smaller teams (ratio = query p50 ÷ a bare 25-row read by primary key of the same database, same round; goal: the manager\'s "Your work" < 200 ms at p95 on SQLite)');
  await benchWorklist(log);
}
if (want('dashboards')) {
  console.log('\nDashboards (issue 15): each whole dashboard, as a manager, a head of service and QA, and every count the dashboards make, over 100,000 records, 20,000 actions and 10,000 children (ratio = p50 ÷ the dashboard\'s main aggregate, or the same count, as one bare SQL query, same round; goal: each dashboard under 500 ms at p95 on SQLite; FerretDB smaller)');
  await benchDashboards(log);
}
if (want('export')) {
  console.log('\nCSV and JSON export (issue 17): 100,000 records on SQLite (MB/s; ratio = export time ÷ reading the same rows bare, same run; goal ≥ 50 MB/s with peak RSS under 256 MB)');
  await benchExport(log);
}
if (want('export-zip')) {
  console.log('\nJSON export with its files as a zip (issue 16; ratio = zip export time ÷ reading the same files straight from the store; peak RSS shows memory stays bounded)');
  await benchExportZip(log);
}
if (want('documents')) {
  console.log('\nRecord PDFs (issue 16): pdfkit (the engine\'s) against headless Chromium page.pdf() on the same layout (ratio = pdfkit time ÷ chromium time, median of alternating rounds), sizes, tagging; and the longest event-loop wait while the largest record is made');
  await benchDocuments(log);
}
if (want('uploads')) {
  console.log('\nUploads (issue 16): 50 uploads of 5 MB at once through the HTTP server on SQLite (ratio = upload MB/s ÷ writing the same bytes straight to disk, 50 files at once, fsync\'d, same run); the server\'s peak RSS');
  await benchUploads(log);
}
if (want('growth')) {
  console.log('\nGrowth with volume (issue 17): one SQLite store at 1,000, 10,000 and 100,000 records, p95 of each question and the ratio at 100,000 ÷ 1,000 (goal ≤ 1.5 for list, filter and page)');
  await benchGrowth(log);
}
