/**
 * /api/sync: what integrators configure and watch — connector kinds, connectors (pause/resume),
 * mappings per form version, the delivery queue (state per record, figures per connector, dead
 * letters) and replay. Reading needs `delivery:read`; changing needs `delivery:manage`.
 */
import { Router } from 'express';
import type { EngineContext } from '../../context.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import {
  createConnector,
  deleteMapping,
  getConnector,
  getMapping,
  listKinds,
  putMapping,
  queueFigures,
  replay,
  updateConnector,
  type SyncSetup,
} from '../../sync/service.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { QueryReader, versionParam } from '../query.js';

const CONNECTOR_ID = /^[a-z][a-z0-9-]{2,63}$/;
const DELIVERY_ID = /^[A-Za-z0-9:_-]{1,200}$/;
const STATES = ['pending', 'leased', 'delivered', 'dead'] as const;

/** A path version number, or 404. */
function versionOf(text: string): number {
  const n = versionParam(text);
  if (n === null) throw new NotFoundError(`"${text}" is not a version number.`);
  return n;
}

/** The revision in If-Match when one is sent (optional on these routes; 412 when stale). */
function optionalIfMatch(req: Parameters<typeof ifMatchRevision>[0], what: string): number | undefined {
  return req.get('if-match') === undefined ? undefined : ifMatchRevision(req, what);
}

export function syncRoutes(ctx: EngineContext, sync: SyncSetup): Router {
  const r = Router();
  const read = requires('delivery:read');
  const manage = requires('delivery:manage');

  r.get('/kinds', read, (_req, res) => {
    res.json({ items: listKinds(sync) });
  });

  r.get('/connectors', read, async (_req, res) => {
    const [connectors, figures] = await Promise.all([ctx.store.listConnectors(), queueFigures(ctx)]);
    const byId = new Map(figures.map((f) => [f.connector, f]));
    res.json({ items: connectors.map((c) => ({ ...c, queue: byId.get(c.id) ?? null })) });
  });

  r.post('/connectors', manage, async (req, res) => {
    const c = await createConnector(ctx, sync, accountOf(res), req.body);
    setEtag(res, c.revision);
    res.status(201).location(`/api/sync/connectors/${c.id}`).json(c);
  });

  r.get('/connectors/:id', read, async (req, res) => {
    const c = await getConnector(ctx, param(req, 'id'));
    setEtag(res, c.revision);
    res.json(c);
  });

  r.patch('/connectors/:id', manage, async (req, res) => {
    const c = await updateConnector(ctx, sync, accountOf(res), param(req, 'id'), optionalIfMatch(req, 'connector'), req.body);
    setEtag(res, c.revision);
    res.json(c);
  });

  for (const [path, paused] of [['pause', true], ['resume', false]] as const) {
    r.post(`/connectors/:id/${path}`, manage, async (req, res) => {
      const c = await updateConnector(ctx, sync, accountOf(res), param(req, 'id'), undefined, { paused });
      setEtag(res, c.revision);
      res.json(c);
    });
  }

  r.get('/connectors/:id/mappings', read, async (req, res) => {
    const c = await getConnector(ctx, param(req, 'id'));
    res.json({ items: await ctx.store.listMappings({ connector: c.id }) });
  });

  r.get('/connectors/:id/mappings/:formId/:version', read, async (req, res) => {
    const m = await getMapping(ctx, param(req, 'id'), param(req, 'formId'), versionOf(param(req, 'version')));
    setEtag(res, m.revision);
    res.json(m);
  });

  r.put('/connectors/:id/mappings/:formId/:version', manage, async (req, res) => {
    const { mapping, created } = await putMapping(ctx, accountOf(res), param(req, 'id'), param(req, 'formId'), versionOf(param(req, 'version')), optionalIfMatch(req, 'mapping'), req.body);
    setEtag(res, mapping.revision);
    res.status(created ? 201 : 200).json(mapping);
  });

  r.delete('/connectors/:id/mappings/:formId/:version', manage, async (req, res) => {
    await deleteMapping(ctx, accountOf(res), param(req, 'id'), param(req, 'formId'), versionOf(param(req, 'version')), optionalIfMatch(req, 'mapping'));
    res.status(204).end();
  });

  r.get('/figures', read, async (_req, res) => {
    res.json({ items: await queueFigures(ctx) });
  });

  r.get('/deliveries', read, async (req, res) => {
    const q = new QueryReader(req);
    const connector = q.string('connector', CONNECTOR_ID, 'a connector id');
    const state = q.oneOf('state', STATES);
    const submissionId = q.string('submissionId', DELIVERY_ID, 'a record id');
    const after = q.string('after', DELIVERY_ID, 'a delivery id from a previous page');
    const limit = q.int('limit', 1, 500) ?? 100;
    q.done();
    const items = await ctx.store.listOutbox({
      ...(connector ? { connector } : {}),
      ...(state ? { state } : {}),
      ...(submissionId ? { submissionId } : {}),
      ...(after ? { after } : {}),
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    res.json({ items: page.map(withoutLease), next: items.length > limit ? page[page.length - 1]!.id : null });
  });

  r.get('/deliveries/:id', read, async (req, res) => {
    const e = await ctx.store.getOutbox(param(req, 'id'));
    if (!e) throw new NotFoundError(`There is no delivery "${param(req, 'id')}".`);
    res.json(withoutLease(e));
  });

  /**
   * Replays deliveries: `{ ids: [...] }`, or every dead letter of a connector with
   * `{ connector, state: "dead" }`. `force: true` also re-sends delivered ones (the receiver's
   * idempotency key still stops a second record). Answers what became of each.
   */
  r.post('/replay', manage, async (req, res) => {
    const body = req.body as { ids?: unknown; connector?: unknown; state?: unknown; force?: unknown };
    const errors: Array<{ pointer: string; message: string }> = [];
    const known = new Set(['ids', 'connector', 'state', 'force']);
    for (const k of Object.keys(body ?? {})) if (!known.has(k)) errors.push({ pointer: `/${k}`, message: `“${k}” is not something replay takes (ids, or connector with state "dead"; force).` });
    const ids = body?.ids;
    if (ids !== undefined && !(Array.isArray(ids) && ids.length >= 1 && ids.length <= 1000 && ids.every((i) => typeof i === 'string' && DELIVERY_ID.test(i))))
      errors.push({ pointer: '/ids', message: 'ids must be a list of 1 to 1,000 delivery ids.' });
    if (body?.connector !== undefined && !(typeof body.connector === 'string' && CONNECTOR_ID.test(body.connector))) errors.push({ pointer: '/connector', message: 'connector must be a connector id.' });
    if (body?.state !== undefined && body.state !== 'dead') errors.push({ pointer: '/state', message: 'Replay by connector takes state "dead" (to re-send delivered records, list their ids and set force).' });
    if (body?.force !== undefined && typeof body.force !== 'boolean') errors.push({ pointer: '/force', message: 'force must be true or false.' });
    if ((ids === undefined) === (body?.connector === undefined)) errors.push({ pointer: '', message: 'Give either ids, or a connector with state "dead".' });
    if (errors.length) throw new InvalidRequestError('The replay request is not valid.', errors);
    let targets = ids as string[] | undefined;
    if (!targets) {
      await getConnector(ctx, body.connector as string);
      targets = [];
      for (let after: string | undefined; ; ) {
        const page = await ctx.store.listOutbox({ connector: body.connector as string, state: 'dead', limit: 500, ...(after ? { after } : {}) });
        targets.push(...page.map((e) => e.id));
        if (page.length < 500) break;
        after = page[page.length - 1]!.id;
      }
    }
    const results = await replay(ctx, accountOf(res), targets, body.force === true);
    res.json({ replayed: results.filter((x) => x.entry).length, items: results.map((x) => (x.entry ? { id: x.id, state: x.entry.state } : { id: x.id, problem: x.problem })) });
  });

  return r;
}

/** A delivery as operators see it: no lease token (it is the holder's proof). */
function withoutLease<T extends { leaseToken?: string }>(e: T): Omit<T, 'leaseToken'> {
  const { leaseToken: _t, ...rest } = e;
  return rest;
}
