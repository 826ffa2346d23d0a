/**
 * For the sync tests: a small home-visit form (text, date, yes/no, a coded choice, two long
 * answers, a repeatable group of actions) published through the API, valid answers for it, and
 * connectors and mappings set up through the API as an integrator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { EngineContext } from '../../engine/context.js';
import { createDraft, createForm, publishVersion } from '../../engine/forms/lifecycle.js';
import type { Store } from '../../engine/store/contract.js';
import { createSubmission } from '../../engine/submissions/lifecycle.js';
import { createConnector, putMapping } from '../../engine/sync/service.js';
import { syncedEngine, type SyncedEngine } from '../../engine/sync/setup.js';
import type { TestServer } from './api.js';
import { TEST_CONNECTOR_ENV, TEST_CONNECTOR_LIMITS } from './api.js';
import type { IcsSimulator } from './ics-simulator.js';
import type { StoreLocation } from './stores.js';
import { compiledSources } from './compiled.js';

export const FORM_ID = 'home-visit';
export const SECRET_ENV = 'CASEFORMS_SECRET_TEST_ICS';
export const SECRET = 'test-secret-of-at-least-thirty-two-characters';

export const VISIT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['visitDate', 'seenAlone', 'visitType'],
  properties: {
    childName: { type: 'string', title: "Child's name", maxLength: 200 },
    visitDate: { type: 'string', format: 'date', title: 'Date of visit' },
    seenAlone: { type: 'boolean', title: 'Was the child seen alone?' },
    visitType: {
      type: 'string',
      title: 'Type of visit',
      oneOf: [
        { const: 'HV-ANN', title: 'Announced' },
        { const: 'HV-UNA', title: 'Unannounced' },
      ],
    },
    observations: { type: 'string', title: 'What did you see?', maxLength: 5000 },
    analysis: { type: 'string', title: 'What does it mean?', maxLength: 5000 },
    actions: {
      type: 'array',
      title: 'Actions',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          action: { type: 'string', title: 'Action', maxLength: 500 },
          dueDate: { type: 'string', format: 'date', title: 'Due by' },
        },
      },
    },
  },
};

export const VISIT_UISCHEMA = {
  type: 'VerticalLayout',
  elements: ['childName', 'visitDate', 'seenAlone', 'visitType', 'observations', 'analysis', 'actions'].map((k) => ({ type: 'Control', scope: `#/properties/${k}` })),
};

export const VISIT_MAPPING = {
  fields: [
    { target: 'RECORD_TYPE', value: 'HOME_VISIT' },
    { target: 'CHILD_NAME', from: '/childName' },
    { target: 'VISIT_DATE', from: '/visitDate', as: 'date' },
    { target: 'SEEN_ALONE', from: '/seenAlone', as: 'flag' },
    { target: 'VISIT_TYPE', from: '/visitType', as: 'code' },
    { target: 'VISIT_TYPE_TEXT', from: '/visitType', as: 'text' },
    { target: 'CASE_NOTE', join: [{ heading: 'Observations', from: '/observations' }, { heading: 'Analysis', from: '/analysis' }] },
    { target: 'ACTIONS', from: '/actions', items: [{ target: 'TEXT', from: '/action' }, { target: 'DUE', from: '/dueDate', as: 'date' }] },
  ],
};

/** Creates and publishes the home-visit form as the demo designer; returns its version number (1). */
export async function publishVisitForm(srv: TestServer, formId = FORM_ID): Promise<number> {
  const designer = srv.as('designer');
  const created = await designer.post('/api/forms', { id: formId, title: 'Home visit', category: 'case-record', team: 'cin-north' });
  expect(created.status, created.text).toBe(201);
  const draft = await designer.post(`/api/forms/${formId}/versions`, { schema: VISIT_SCHEMA, uischema: VISIT_UISCHEMA, changeNote: 'First version' });
  expect(draft.status, draft.text).toBe(201);
  expect(draft.body.violations).toEqual([]);
  const published = await designer.post(`/api/forms/${formId}/versions/1/publish`, { changeNote: 'First version' });
  expect(published.status, published.text).toBe(200);
  return 1;
}

export function visitData(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    childName: `Child ${n}`,
    visitDate: '2026-03-27',
    seenAlone: n % 2 === 0,
    visitType: n % 3 === 0 ? 'HV-UNA' : 'HV-ANN',
    observations: `Observed ${n}, with "quotes", commas, and a\nnew line`,
    actions: [{ action: `Follow up ${n}`, dueDate: '2026-04-10' }],
    ...overrides,
  };
}

/** Submits one record for `childId` as the demo practitioner; returns its id. */
export async function submitVisit(srv: TestServer, n: number, childId: string, formId = FORM_ID): Promise<string> {
  const res = await srv
    .as('practitioner')
    .post('/api/submissions', { formId, subject: { childId }, data: visitData(n), status: 'submitted' }, { headers: { 'idempotency-key': `"visit-${formId}-${n}-${childId}"` } });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** An HTTP connector to the simulator with quick retries, set up and mapped as the demo integrator. */
export async function connectHttp(srv: TestServer, sim: IcsSimulator, options: { id?: string; maxAttempts?: number; formId?: string } = {}): Promise<string> {
  const id = options.id ?? 'ics-http';
  process.env[SECRET_ENV] = SECRET;
  const c = await srv.as('integrator').post('/api/sync/connectors', {
    id,
    kind: 'http',
    title: 'ICS (test simulator)',
    dateFormat: 'DD/MM/YYYY',
    retry: { maxAttempts: options.maxAttempts ?? 5, baseMs: 20, maxMs: 100 },
    settings: { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000 },
  });
  expect(c.status, c.text).toBe(201);
  const m = await srv.as('integrator').put(`/api/sync/connectors/${id}/mappings/${options.formId ?? FORM_ID}/1`, VISIT_MAPPING);
  expect(m.status, m.text).toBe(201);
  return id;
}

/** Waits until `test` holds, polling the API; fails with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, test: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T = await read();
  while (!test(last)) {
    if (Date.now() > end) throw new Error(`Timed out; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

// --- engine-level set-up, for tests that run delivery workers as their own processes -----------

/** The same form, connector and mapping, made straight through the engine (no web server). */
export async function prepareSyncWorld(
  store: Store,
  connector: { kind: 'http'; url: string; timeoutMs?: number } | { kind: 'file-drop'; folder: string },
): Promise<SyncedEngine> {
  const synced = syncedEngine(store, TEST_CONNECTOR_LIMITS);
  const { ctx, setup } = synced;
  const analyst = { id: 'u-analyst' };
  process.env[SECRET_ENV] = SECRET;
  await createForm(ctx, analyst, { id: FORM_ID, title: 'Home visit', category: 'case-record', team: 'cin-north' });
  await createDraft(ctx, analyst, FORM_ID, { schema: VISIT_SCHEMA, uischema: VISIT_UISCHEMA, changeNote: 'First version' });
  await publishVersion(ctx, analyst, FORM_ID, 1);
  const settings = connector.kind === 'http' ? { url: connector.url, secretEnv: SECRET_ENV, timeoutMs: connector.timeoutMs ?? 5000 } : { folder: connector.folder };
  await createConnector(ctx, setup, { id: 'u-integrator' }, { id: 'ics', kind: connector.kind, title: 'ICS', retry: { maxAttempts: 50, baseMs: 20, maxMs: 500 }, settings });
  await putMapping(ctx, { id: 'u-integrator' }, 'ics', FORM_ID, 1, undefined, VISIT_MAPPING);
  return synced;
}

/** Submits `count` records (children C-0 … C-(children-1) in turn), `concurrency` at a time; ids in submit order per child. */
export async function submitMany(ctx: EngineContext, count: number, options: { children?: number; concurrency?: number; from?: number } = {}): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  const practitioner = { id: 'u-practitioner', team: 'cin-north' };
  const one = async () => {
    while (next < count) {
      const n = next++;
      const r = await createSubmission(ctx, practitioner, { formId: FORM_ID, subject: { childId: `C-${n % (options.children ?? 50)}` }, data: visitData((options.from ?? 0) + n), status: 'submitted' });
      ids[n] = r.submission.id;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, one));
  return ids;
}

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output(): string;
}

/** `npm run sync-worker`'s program in its own process (compiled, as it runs), on the store in `env`. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const main = join(await compiledSources(), 'engine', 'sync', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { ...process.env, LOG_LEVEL: 'warn', CASEFORMS_SYNC_POLL_MS: '50', CASEFORMS_SYNC_BATCH: '32', [SECRET_ENV]: SECRET, ...TEST_CONNECTOR_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  const take = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
    if (out.includes('"ready":true')) markReady();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

/** Environment for a worker process to open the store at `loc`. */
export function storeEnv(loc: StoreLocation): Record<string, string> {
  return loc.kind === 'sqlite' ? { CASEFORMS_DATA_DIR: dirname(loc.env.SQLITE_FILE!), MONGODB_URI: '' } : { MONGODB_URI: loc.env.MONGO_URI!, MONGODB_DB: loc.env.MONGO_DB! };
}
