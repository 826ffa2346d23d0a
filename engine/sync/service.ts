/**
 * The ICS sync as integrators drive it: connectors (create, change, pause), mappings per form
 * version (checked against every version they apply to), which connectors a submitted record
 * goes to, the check publishing runs, and the operator's view of the queue (state, counts, dead
 * letters, replay). Each write is one store write with its event.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { EngineContext } from '../context.js';
import { ConflictError, InvalidRequestError, MappingRejectedError, NotFoundError, PreconditionRequiredError, type FieldError } from '../errors.js';
import { getForm, getVersion, versionKey } from '../forms/lifecycle.js';
import type { Actor, FormDefinition, FormVersion } from '../forms/model.js';
import { newEvent } from '../store/events.js';
import type { OutboxEntry, OutboxSeed, OutboxState } from '../store/outbox.js';
import type { Submission } from '../submissions/model.js';
import { fieldFacts } from '../validation/index.js';
import { toFieldErrors } from '../validation/messages.js';
import { checkInput } from '../validation/requests.js';
import type { MappingInput } from '../../schemas/generated/mapping-input.js';
import { breakingChanges, mappingFor, mappingProblems } from './mapping.js';
import type { Connector, ConnectorEnv, ConnectorKind, Mapping, MappingRule } from './model.js';

/** The connector kinds this service knows, and what their drivers may read. */
export interface SyncSetup {
  kinds: ReadonlyMap<string, ConnectorKind>;
  env: ConnectorEnv;
}

const DEFAULT_RETRY = { maxAttempts: 10, baseMs: 2_000, maxMs: 15 * 60_000 } as const;

export function mappingKey(connector: string, formId: string, version: number): string {
  return `${connector}:${versionKey(formId, version)}`;
}

// --- connectors -------------------------------------------------------------------------------

const settingsValidators = new WeakMap<ConnectorKind, { validate: ValidateFunction; facts: ReturnType<typeof fieldFacts> }>();

/** The kind's settings checked: its schema, then what only it can see. Pointers under /settings. */
async function settingsProblems(kind: ConnectorKind, settings: Record<string, unknown>, env: ConnectorEnv): Promise<FieldError[]> {
  let v = settingsValidators.get(kind);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, messages: false, ownProperties: true, useDefaults: true, strict: false });
    v = { validate: ajv.compile(kind.settingsSchema), facts: fieldFacts({ schema: kind.settingsSchema, uischema: {} }) };
    settingsValidators.set(kind, v);
  }
  if (!v.validate(settings)) return toFieldErrors(v.validate.errors ?? [], v.facts, settings).map((e) => ({ pointer: `/settings${e.pointer}`, message: e.message }));
  const more = (await kind.check?.(settings, env)) ?? [];
  return more.map((e) => ({ pointer: `/settings${e.pointer}`, message: e.message }));
}

function kindOf(sync: SyncSetup, kind: string): ConnectorKind {
  const k = sync.kinds.get(kind);
  if (!k) throw new InvalidRequestError('The connector is not valid.', [{ pointer: '/kind', message: `There is no connector kind “${kind}”. Kinds: ${[...sync.kinds.keys()].join(', ')}.` }]);
  return k;
}

export function listKinds(sync: SyncSetup): Array<Pick<ConnectorKind, 'kind' | 'description' | 'settingsSchema'>> {
  return [...sync.kinds.values()].map((k) => ({ kind: k.kind, description: k.description, settingsSchema: k.settingsSchema }));
}

export async function getConnector(ctx: EngineContext, id: string): Promise<Connector> {
  const c = await ctx.store.getConnector(id);
  if (!c) throw new NotFoundError(`There is no connector "${id}".`);
  return c;
}

export async function createConnector(ctx: EngineContext, sync: SyncSetup, actor: Actor, input: unknown): Promise<Connector> {
  const i = checkInput('connector-input', input, 'connector');
  const kind = kindOf(sync, i.kind);
  const settings = structuredClone(i.settings);
  const problems = await settingsProblems(kind, settings, sync.env);
  if (problems.length) throw new InvalidRequestError('The connector is not valid.', problems);
  const at = ctx.now().toISOString();
  const connector: Connector = {
    id: i.id,
    kind: i.kind,
    title: i.title.trim(),
    paused: i.paused ?? false,
    retry: i.retry ?? { ...DEFAULT_RETRY },
    dateFormat: i.dateFormat ?? 'YYYY-MM-DD',
    settings,
    revision: 1,
    createdBy: actor.id,
    createdAt: at,
    updatedBy: actor.id,
    updatedAt: at,
  };
  await ctx.store.insertConnector(connector, newEvent(ctx.now(), actor.id, 'connector.created', 'connector', connector.id, { kind: connector.kind }));
  return connector;
}

export async function updateConnector(ctx: EngineContext, sync: SyncSetup, actor: Actor, id: string, expectedRevision: number | undefined, input: unknown): Promise<Connector> {
  const i = checkInput('connector-update', input, 'change to the connector');
  const current = await getConnector(ctx, id);
  if (i.settings) {
    const problems = await settingsProblems(kindOf(sync, current.kind), i.settings, sync.env);
    if (problems.length) throw new InvalidRequestError('The change to the connector is not valid.', problems);
  }
  const at = ctx.now().toISOString();
  const action = i.paused === true && !current.paused ? 'connector.paused' : i.paused === false && current.paused ? 'connector.resumed' : 'connector.changed';
  return ctx.store.updateConnector(
    id,
    expectedRevision ?? current.revision,
    { ...i, ...(i.title ? { title: i.title.trim() } : {}), updatedBy: actor.id, updatedAt: at },
    newEvent(ctx.now(), actor.id, action, 'connector', id, { changed: Object.keys(i) }),
  );
}

// --- mappings ---------------------------------------------------------------------------------

/** Shape rules the schema leaves to us, in words: each ICS field says where its value comes from exactly one way. */
function shapeProblems(rules: MappingInput['fields'], pointer: string, out: FieldError[]): void {
  for (const [n, r] of rules.entries()) {
    const at = `${pointer}/${n}`;
    const ways = ['from', 'join', 'value'].filter((k) => Object.prototype.hasOwnProperty.call(r, k));
    if (ways.length !== 1) {
      out.push({ pointer: at, message: `The ICS field “${r.target}” needs exactly one of: a question (from), answers joined under headings (join), or a constant (value).` });
      continue;
    }
    if (r.items && !r.from) out.push({ pointer: `${at}/items`, message: `The ICS field “${r.target}” has rows (items) but no repeatable group to take them from (from).` });
    if (r.items && (r.as || r.flag)) out.push({ pointer: `${at}/as`, message: `The ICS field “${r.target}” maps a group's rows; say how each row's answers are sent inside items.` });
    if (r.flag && r.as !== 'flag') out.push({ pointer: `${at}/flag`, message: `Flag values only apply when the ICS field “${r.target}” is sent as a flag.` });
    if (r.separator !== undefined && !r.join) out.push({ pointer: `${at}/separator`, message: `A separator only applies to answers joined under headings.` });
    if (r.items) shapeProblems(r.items, `${at}/items`, out);
  }
}

/** The published and draft versions from `version` on that a mapping made for `version` applies to (until the next mapping). */
async function versionsCovered(ctx: EngineContext, connector: string, formId: string, version: number): Promise<FormVersion[]> {
  const later = (await ctx.store.listMappings({ connector, formId })).filter((m) => m.version > version).map((m) => m.version);
  const until = later.length ? Math.min(...later) : Infinity;
  return (await ctx.store.listVersions(formId)).filter((v) => v.version >= version && v.version < until).sort((a, b) => a.version - b.version);
}

export async function getMapping(ctx: EngineContext, connector: string, formId: string, version: number): Promise<Mapping> {
  const m = await ctx.store.getMapping(connector, formId, version);
  if (!m) throw new NotFoundError(`The connector "${connector}" has no mapping made for version ${version} of "${formId}".`);
  return m;
}

/**
 * Creates or replaces the mapping for (connector, form, version). It must fit that version and
 * every later one it would apply to. Replacing needs the current revision (If-Match).
 */
export async function putMapping(
  ctx: EngineContext,
  actor: Actor,
  connectorId: string,
  formId: string,
  version: number,
  expectedRevision: number | undefined,
  input: unknown,
): Promise<{ mapping: Mapping; created: boolean }> {
  const i = checkInput('mapping-input', input, 'mapping');
  const shape: FieldError[] = [];
  shapeProblems(i.fields, '/fields', shape);
  if (shape.length) throw new InvalidRequestError('The mapping is not valid.', shape);
  const rules = i.fields as MappingRule[];
  const connector = await getConnector(ctx, connectorId);
  await getForm(ctx, formId);
  await getVersion(ctx, formId, version);
  const problems: FieldError[] = [];
  // Over HTTP, files travel only as download links: a rule that sends them needs the connector to send links.
  if (connector.kind === 'http' && connector.settings.documents !== 'links') {
    for (const [n, r] of rules.entries()) {
      if ('from' in r && !('items' in r) && r.as === 'files') problems.push({ pointer: `/fields/${n}/as`, message: `The ICS field “${r.target}” sends uploaded files, which the “${connectorId}” connector sends as download links only: set its "documents" to "links", or send the names without "as": "files".` });
    }
  }
  for (const v of await versionsCovered(ctx, connectorId, formId, version)) {
    problems.push(...mappingProblems(rules, v, `Version ${v.version}`).map((p) => ({ ...p, message: v.version === version ? p.message : `${p.message} (This mapping would also apply to version ${v.version}.)` })));
  }
  if (problems.length) throw new MappingRejectedError('The mapping does not fit the form.', dedupe(problems));
  const existing = await ctx.store.getMapping(connectorId, formId, version);
  if (existing && expectedRevision === undefined) throw new PreconditionRequiredError('This mapping exists: send If-Match with its ETag to replace it.');
  const at = ctx.now().toISOString();
  const mapping = await ctx.store.putMapping(
    { connector: connectorId, formId, version, fields: rules, updatedBy: actor.id, updatedAt: at },
    existing ? expectedRevision! : null,
    newEvent(ctx.now(), actor.id, existing ? 'mapping.changed' : 'mapping.created', 'mapping', mappingKey(connectorId, formId, version)),
  );
  return { mapping, created: !existing };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.pointer}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export async function deleteMapping(ctx: EngineContext, actor: Actor, connectorId: string, formId: string, version: number, expectedRevision: number | undefined): Promise<void> {
  const current = await getMapping(ctx, connectorId, formId, version);
  await ctx.store.deleteMapping(connectorId, formId, version, expectedRevision ?? current.revision, newEvent(ctx.now(), actor.id, 'mapping.deleted', 'mapping', mappingKey(connectorId, formId, version)));
}

/** The connectors a submitted record goes to: each with a mapping that applies to its version. */
export async function deliveriesFor(ctx: EngineContext, submission: Pick<Submission, 'formId' | 'version'>): Promise<OutboxSeed[]> {
  const byConnector = new Map<string, Mapping[]>();
  for (const m of await ctx.store.listMappings({ formId: submission.formId })) byConnector.set(m.connector, [...(byConnector.get(m.connector) ?? []), m]);
  return [...byConnector].filter(([, ms]) => mappingFor(ms, submission.version)).map(([connector]) => ({ connector }));
}

/** Why publishing `definition` as version `n` would break a mapping that applies to it (none: empty). */
export async function publishProblems(ctx: EngineContext, formId: string, n: number, definition: FormDefinition): Promise<FieldError[]> {
  const byConnector = new Map<string, Mapping[]>();
  for (const m of await ctx.store.listMappings({ formId })) byConnector.set(m.connector, [...(byConnector.get(m.connector) ?? []), m]);
  const out: FieldError[] = [];
  for (const [connector, ms] of byConnector) {
    const m = mappingFor(ms, n);
    if (!m) continue;
    if (m.version === n) {
      out.push(...mappingProblems(m.fields, definition, `Version ${n}`).map((p) => ({ pointer: p.pointer, message: `The “${connector}” mapping: ${p.message}` })));
    } else {
      const base = await ctx.store.getVersion(formId, m.version);
      if (base) out.push(...breakingChanges(m, base, definition, n));
    }
  }
  return out;
}

// --- operating the queue ----------------------------------------------------------------------

export interface ConnectorFigures {
  connector: string;
  paused: boolean;
  counts: Record<OutboxState, number>;
  /** The oldest entry still waiting or in flight (ISO), if any. */
  oldestWaitingSince: string | null;
}

export async function queueFigures(ctx: EngineContext): Promise<ConnectorFigures[]> {
  const [connectors, rows] = await Promise.all([ctx.store.listConnectors(), ctx.store.outboxCounts()]);
  const out = new Map<string, ConnectorFigures>();
  const blank = (connector: string, paused: boolean): ConnectorFigures => ({ connector, paused, counts: { pending: 0, leased: 0, delivered: 0, dead: 0 }, oldestWaitingSince: null });
  for (const c of connectors) out.set(c.id, blank(c.id, c.paused));
  for (const r of rows) {
    const f = out.get(r.connector) ?? blank(r.connector, false);
    f.counts[r.state] += r.count;
    if (r.oldestCreatedAt && (r.state === 'pending' || r.state === 'leased') && (!f.oldestWaitingSince || r.oldestCreatedAt < f.oldestWaitingSince)) f.oldestWaitingSince = r.oldestCreatedAt;
    out.set(r.connector, f);
  }
  return [...out.values()];
}

/** Puts dead (or, with `force`, delivered) entries back in the queue, due now. Returns what each became, or why not. */
export async function replay(
  ctx: EngineContext,
  actor: Actor,
  ids: readonly string[],
  force = false,
): Promise<Array<{ id: string; entry?: OutboxEntry; problem?: string }>> {
  const out: Array<{ id: string; entry?: OutboxEntry; problem?: string }> = [];
  for (const id of ids) {
    try {
      const entry = await ctx.store.replayOutbox(id, ctx.now().toISOString(), { force });
      await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'delivery.replayed', 'delivery', id, { force }));
      out.push({ id, entry });
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError || (err as { type?: string }).type === 'invalid-state') out.push({ id, problem: (err as Error).message });
      else throw err;
    }
  }
  return out;
}
