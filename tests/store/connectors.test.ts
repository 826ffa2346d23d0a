import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { Store } from '../../engine/store/contract.js';
import type { EventRecord } from '../../engine/store/events.js';
import type { OutboxCount, OutboxEntry } from '../../engine/store/outbox.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { Connector, ConnectorPatch, Mapping, MappingRule } from '../../engine/sync/model.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { T0, at, event, submission } from '../support/records.js';

function connector(overrides: Partial<Connector> = {}): Connector {
  return {
    id: `ics-${newId().slice(-12)}`,
    kind: 'http',
    title: 'Liquidlogic LCS — “children’s” records',
    paused: false,
    retry: { maxAttempts: 8, baseMs: 1000, maxMs: 600_000 },
    dateFormat: 'YYYY-MM-DD',
    // Settings belong to the kind: any keys, including ones MongoDB could not store as field names.
    settings: {
      url: 'https://ics.example.invalid/api/records',
      secretEnv: 'ICS_SIGNING_SECRET',
      headers: { 'X-Trace.Id': 'a.b', $tenant: 'north' },
      nested: [{ 'a.b': { $c: null, d: [1, 'two', true] } }],
    },
    revision: 1,
    createdBy: 'u-integrator',
    createdAt: T0,
    updatedBy: 'u-integrator',
    updatedAt: T0,
    ...overrides,
  };
}

/** Every kind of rule, nested rows included. */
const RULES: MappingRule[] = [
  { target: 'RecordType', value: 'SUPERVISION' },
  { target: 'PersonId', from: '/header/childId' },
  { target: 'SeenAlone', from: '/visit/seenAlone', as: 'flag', flag: { yes: 'Y', no: 'N' } },
  { target: 'VisitDate', from: '/visit/date', as: 'date' },
  { target: 'CaseNote', join: [{ heading: 'Observations', from: '/visit/observations' }, { heading: 'Plan', from: '/plan/next' }], separator: '\n\n' },
  { target: 'Actions', from: '/plan/actions', items: [{ target: 'DueDate', from: '/dueDate', as: 'date' }, { target: 'Owner', from: '/owner', as: 'text' }] },
];

type MappingBody = Omit<Mapping, 'revision'>;
function mapping(overrides: Partial<MappingBody> = {}): MappingBody {
  return { connector: 'ics-http', formId: 'case-supervision', version: 1, fields: RULES, updatedBy: 'u-integrator', updatedAt: T0, ...overrides };
}

const connectorCreated = (id: string): EventRecord => ({ ...event('connector.created', 'connector', id, 'u-integrator'), details: { kind: 'http' } });
const connectorChanged = (id: string): EventRecord => event('connector.changed', 'connector', id, 'u-integrator');
const mappingKey = (m: Pick<Mapping, 'connector' | 'formId' | 'version'>) => `${m.connector}/${m.formId}@${m.version}`;
const mappingEvent = (action: string, m: Pick<Mapping, 'connector' | 'formId' | 'version'>): EventRecord => event(action, 'mapping', mappingKey(m), 'u-integrator');

/** Runs `n` writes at once: exactly one must succeed and every other be refused as `refused` says. */
async function exactlyOneOf<T>(n: number, write: (i: number) => Promise<T>, refused: (err: unknown) => boolean): Promise<{ index: number; value: T }> {
  const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => write(i)));
  const won = results.flatMap((r, index) => (r.status === 'fulfilled' ? [{ index, value: r.value }] : []));
  expect(won).toHaveLength(1);
  for (const r of results) if (r.status === 'rejected') expect(refused(r.reason), String(r.reason)).toBe(true);
  return won[0]!;
}
const isConflict = (err: unknown) => err instanceof ConflictError;
const isStale = (err: unknown) => err instanceof StaleRevisionError;

describe.each(STORE_KINDS)('%s store: ICS sync', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('connectors', () => {
    const actions = async (entityId: string) => (await store.listEvents({ entityId })).map((e) => e.action);

    it('stores connectors and reads them back exactly, settings and all, and lists them by id', async () => {
      const b = connector({ id: 'mosaic-file', kind: 'file-drop', dateFormat: 'DD/MM/YYYY', settings: { folder: '/srv/drop' } });
      const a = connector({ id: 'lcs-http', paused: true });
      const c = connector({ id: 'lcs-http-2', revision: 3 });
      for (const x of [b, c, a]) await store.insertConnector(x, connectorCreated(x.id));

      expect(await store.getConnector('lcs-http')).toStrictEqual(a);
      expect(await store.getConnector('mosaic-file')).toStrictEqual(b);
      expect(await store.listConnectors()).toStrictEqual([a, c, b]);
      expect(await store.getConnector('no-such-connector')).toBeNull();
    });

    it('lists no connectors on a new store', async () => {
      expect(await store.listConnectors()).toEqual([]);
    });

    it('refuses a second connector with a taken id, and changes and logs nothing', async () => {
      const a = connector({ id: 'lcs-http' });
      const created = connectorCreated(a.id);
      await store.insertConnector(a, created);
      const clash = connector({ id: 'lcs-http', kind: 'file-drop', title: 'Other' });
      await expect(store.insertConnector(clash, connectorCreated(clash.id))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.insertConnector(clash, connectorCreated(clash.id))).rejects.toThrow(/lcs-http/);

      expect(await store.getConnector('lcs-http')).toStrictEqual(a);
      expect(await store.listConnectors()).toStrictEqual([a]);
      // The event is stored exactly, details included, and only the first one.
      expect(await store.listEvents({ entityKind: 'connector' })).toStrictEqual([created]);
    });

    it('updates a connector with compare-and-set on its revision', async () => {
      const a = connector();
      await store.insertConnector(a, connectorCreated(a.id));
      const patch: ConnectorPatch = {
        title: 'LCS (paused for the upgrade)',
        paused: true,
        retry: { maxAttempts: 3, baseMs: 500, maxMs: 5000 },
        dateFormat: 'DD/MM/YYYY',
        settings: { url: 'https://ics2.example.invalid/records', 'odd.key': { $x: 1 } },
        updatedBy: 'u-integrator2',
        updatedAt: at(1000),
      };
      const next = await store.updateConnector(a.id, 1, patch, connectorChanged(a.id));
      // Settings are replaced as a whole, not merged.
      expect(next).toStrictEqual({ ...a, ...patch, revision: 2 });
      expect(await store.getConnector(a.id)).toStrictEqual(next);
      expect(await store.listConnectors()).toStrictEqual([next]);

      // A writer still holding revision 1 is refused, told the current revision, and changes nothing.
      const stale = store.updateConnector(a.id, 1, { paused: false }, connectorChanged(a.id));
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(store.updateConnector(a.id, 1, { paused: false }, connectorChanged(a.id))).rejects.toMatchObject({ currentRevision: 2 });
      expect(await store.getConnector(a.id)).toStrictEqual(next);

      // The current revision goes through, and only the patched fields change.
      const third = await store.updateConnector(a.id, 2, { paused: false }, connectorChanged(a.id));
      expect(third).toStrictEqual({ ...next, paused: false, revision: 3 });
      expect(await store.getConnector(a.id)).toStrictEqual(third);
      expect(await actions(a.id)).toEqual(['connector.created', 'connector.changed', 'connector.changed']);
    });

    it('never changes the id, the kind or the creation of a connector, whatever the patch holds', async () => {
      // @ts-expect-error the kind is not patchable
      const typed: ConnectorPatch = { kind: 'file-drop' };
      expect(typed).toBeDefined();
      const a = connector();
      await store.insertConnector(a, connectorCreated(a.id));
      const sneaky = { title: 'Renamed', id: 'other-connector', kind: 'file-drop', createdBy: 'u-mallory', createdAt: at(5), revision: 40 } as unknown as ConnectorPatch;
      const next = await store.updateConnector(a.id, 1, sneaky, connectorChanged(a.id));
      expect(next).toStrictEqual({ ...a, title: 'Renamed', revision: 2 });
      expect(await store.getConnector(a.id)).toStrictEqual(next);
      expect(await store.getConnector('other-connector')).toBeNull();
    });

    it('reports an update of a missing connector as not found, and logs nothing', async () => {
      await expect(store.updateConnector('no-such-connector', 1, { paused: true }, connectorChanged('no-such-connector'))).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.getConnector('no-such-connector')).toBeNull();
      expect(await store.listEvents({})).toEqual([]);
    });

    it('of 20 concurrent creates with one id exactly one succeeds', async () => {
      const bodies = Array.from({ length: 20 }, (_, i) => connector({ id: 'lcs-http', title: `writer ${i}` }));
      const { index } = await exactlyOneOf(bodies.length, (i) => store.insertConnector(bodies[i]!, connectorCreated('lcs-http')), isConflict);
      expect(await store.listConnectors()).toStrictEqual([bodies[index]]);
      expect(await store.listEvents({ entityKind: 'connector' })).toHaveLength(1);
    });

    it('of 10 concurrent updates on one revision exactly one wins', async () => {
      const a = connector();
      await store.insertConnector(a, connectorCreated(a.id));
      const won = await exactlyOneOf(10, (i) => store.updateConnector(a.id, 1, { title: `writer ${i}`, updatedAt: at(i) }, connectorChanged(a.id)), isStale);
      expect(won.value).toStrictEqual({ ...a, title: `writer ${won.index}`, updatedAt: at(won.index), revision: 2 });
      expect(await store.getConnector(a.id)).toStrictEqual(won.value);
      expect(await actions(a.id)).toEqual(['connector.created', 'connector.changed']);
    });

    it('of creates with one id from three processes at once exactly one succeeds', async () => {
      const perProcess = 6;
      const startAt = Date.now() + 4000;
      const outputs = await Promise.all(
        ['pa', 'pb', 'pc'].map((who) => {
          const bodies = Array.from({ length: perProcess }, (_, i) => connector({ id: 'lcs-shared', title: `${who} ${i}` }));
          return insertInChild(loc.env, startAt, bodies, bodies.map((b) => connectorCreated(b.id)));
        }),
      );
      const lines = outputs.flat();
      expect(lines).toHaveLength(3 * perProcess);
      const ok = lines.filter((l) => l.ok !== undefined);
      expect(ok).toHaveLength(1);
      for (const l of lines) if (l.ok === undefined) expect(l).toMatchObject({ error: 'ConflictError', type: 'conflict' });
      expect((await store.listConnectors()).map((c) => [c.id, c.title])).toEqual([['lcs-shared', ok[0]!.ok]]);
      expect(await actions('lcs-shared')).toEqual(['connector.created']);
    });
  });

  describe('mappings', () => {
    const actions = async (m: Pick<Mapping, 'connector' | 'formId' | 'version'>) => (await store.listEvents({ entityId: mappingKey(m) })).map((e) => e.action);

    it('creates a mapping at revision 1 and reads it back exactly', async () => {
      const body = mapping();
      const stored = await store.putMapping(body, null, mappingEvent('mapping.created', body));
      expect(stored).toStrictEqual({ ...body, revision: 1 });
      expect(await store.getMapping('ics-http', 'case-supervision', 1)).toStrictEqual(stored);
      // Another key of any part is another mapping.
      expect(await store.getMapping('ics-http', 'case-supervision', 2)).toBeNull();
      expect(await store.getMapping('ics-file', 'case-supervision', 1)).toBeNull();
      expect(await store.getMapping('ics-http', 'visit-note', 1)).toBeNull();
      expect(await actions(body)).toEqual(['mapping.created']);
    });

    it('sets the revision itself, whatever the record it is given holds', async () => {
      const body = { ...mapping(), revision: 17 } as MappingBody;
      expect(await store.putMapping(body, null, mappingEvent('mapping.created', body))).toMatchObject({ revision: 1 });
      expect(await store.putMapping(body, 1, mappingEvent('mapping.changed', body))).toMatchObject({ revision: 2 });
      expect(await store.getMapping(body.connector, body.formId, body.version)).toMatchObject({ revision: 2 });
    });

    it('refuses a second create for the same key, and changes and logs nothing', async () => {
      const body = mapping();
      const first = await store.putMapping(body, null, mappingEvent('mapping.created', body));
      const again = mapping({ fields: [{ target: 'Other', value: 1 }], updatedBy: 'u-other' });
      await expect(store.putMapping(again, null, mappingEvent('mapping.created', again))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.getMapping(body.connector, body.formId, body.version)).toStrictEqual(first);
      expect(await actions(body)).toEqual(['mapping.created']);
    });

    it('changes a mapping with compare-and-set on its revision', async () => {
      const body = mapping();
      await store.putMapping(body, null, mappingEvent('mapping.created', body));
      const changed = mapping({ fields: [{ target: 'PersonId', from: '/header/childId', as: 'text' }], updatedBy: 'u-integrator2', updatedAt: at(1000) });
      const second = await store.putMapping(changed, 1, mappingEvent('mapping.changed', changed));
      expect(second).toStrictEqual({ ...changed, revision: 2 });
      expect(await store.getMapping(body.connector, body.formId, body.version)).toStrictEqual(second);

      await expect(store.putMapping(mapping(), 1, mappingEvent('mapping.changed', body))).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(store.putMapping(mapping(), 3, mappingEvent('mapping.changed', body))).rejects.toMatchObject({ type: 'stale-revision', currentRevision: 2 });
      expect(await store.getMapping(body.connector, body.formId, body.version)).toStrictEqual(second);

      const third = await store.putMapping(mapping(), 2, mappingEvent('mapping.changed', body));
      expect(third).toStrictEqual({ ...mapping(), revision: 3 });
      expect(await actions(body)).toEqual(['mapping.created', 'mapping.changed', 'mapping.changed']);
    });

    it('reports a change of a missing mapping as not found, and logs nothing', async () => {
      const body = mapping({ version: 4 });
      await expect(store.putMapping(body, 1, mappingEvent('mapping.changed', body))).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.getMapping(body.connector, body.formId, 4)).toBeNull();
      expect(await store.listMappings({})).toEqual([]);
      expect(await store.listEvents({})).toEqual([]);
    });

    it('lists mappings by connector, form and version (as numbers), filtered by either or both', async () => {
      const keys: Array<[string, string, number]> = [
        ['ics-http', 'visit-note', 10],
        ['ics-file', 'case-supervision', 1],
        ['ics-http', 'case-supervision', 2],
        ['ics-http', 'visit-note', 2],
        ['ics-http', 'case-supervision', 1],
        ['ics-file', 'visit-note', 3],
      ];
      const stored = new Map<string, Mapping>();
      for (const [c, f, v] of keys) {
        const body = mapping({ connector: c, formId: f, version: v, fields: [{ target: 'Key', value: `${c} ${f} ${v}` }] });
        stored.set(`${c} ${f} ${v}`, await store.putMapping(body, null, mappingEvent('mapping.created', body)));
      }
      const ids = (ms: Mapping[]) => ms.map((m) => `${m.connector} ${m.formId} ${m.version}`);
      expect(ids(await store.listMappings({}))).toEqual([
        'ics-file case-supervision 1',
        'ics-file visit-note 3',
        'ics-http case-supervision 1',
        'ics-http case-supervision 2',
        'ics-http visit-note 2',
        'ics-http visit-note 10',
      ]);
      expect(await store.listMappings({ connector: 'ics-file' })).toStrictEqual([stored.get('ics-file case-supervision 1'), stored.get('ics-file visit-note 3')]);
      expect(ids(await store.listMappings({ formId: 'visit-note' }))).toEqual(['ics-file visit-note 3', 'ics-http visit-note 2', 'ics-http visit-note 10']);
      expect(ids(await store.listMappings({ connector: 'ics-http', formId: 'case-supervision' }))).toEqual(['ics-http case-supervision 1', 'ics-http case-supervision 2']);
      expect(await store.listMappings({ connector: 'ics-file', formId: 'no-such-form' })).toEqual([]);
      expect(await store.listMappings({ connector: 'no-such-connector' })).toEqual([]);
    });

    it('deletes a mapping with compare-and-set on its revision; it can then be made again from revision 1', async () => {
      const body = mapping();
      const other = mapping({ version: 2 });
      await store.putMapping(body, null, mappingEvent('mapping.created', body));
      await store.putMapping(body, 1, mappingEvent('mapping.changed', body));
      const kept = await store.putMapping(other, null, mappingEvent('mapping.created', other));

      // Stale: refused, nothing deleted.
      await expect(store.deleteMapping('ics-http', 'case-supervision', 1, 1, mappingEvent('mapping.deleted', body))).rejects.toBeInstanceOf(StaleRevisionError);
      expect(await store.getMapping('ics-http', 'case-supervision', 1)).toMatchObject({ revision: 2 });

      await store.deleteMapping('ics-http', 'case-supervision', 1, 2, mappingEvent('mapping.deleted', body));
      expect(await store.getMapping('ics-http', 'case-supervision', 1)).toBeNull();
      expect(await store.listMappings({})).toStrictEqual([kept]);

      // Gone: deleting or changing it again is not found.
      await expect(store.deleteMapping('ics-http', 'case-supervision', 1, 2, mappingEvent('mapping.deleted', body))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.putMapping(body, 2, mappingEvent('mapping.changed', body))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.deleteMapping('ics-http', 'no-such-form', 1, 1, mappingEvent('mapping.deleted', body))).rejects.toBeInstanceOf(NotFoundError);

      // Made again: a new mapping at revision 1, refused a second time like any other.
      const remade = mapping({ fields: [{ target: 'RecordType', value: 'NEW' }] });
      expect(await store.putMapping(remade, null, mappingEvent('mapping.created', remade))).toStrictEqual({ ...remade, revision: 1 });
      await expect(store.putMapping(remade, null, mappingEvent('mapping.created', remade))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.listMappings({ connector: 'ics-http' })).toStrictEqual([{ ...remade, revision: 1 }, kept]);
      expect(await actions(body)).toEqual(['mapping.created', 'mapping.changed', 'mapping.deleted', 'mapping.created']);
    });

    it('of 10 concurrent creates of one mapping exactly one succeeds, before and after a delete', async () => {
      for (const round of [1, 2]) {
        const bodies = Array.from({ length: 10 }, (_, i) => mapping({ fields: [{ target: 'Writer', value: `round ${round} writer ${i}` }] }));
        const won = await exactlyOneOf(bodies.length, (i) => store.putMapping(bodies[i]!, null, mappingEvent('mapping.created', bodies[i]!)), isConflict);
        expect(won.value).toStrictEqual({ ...bodies[won.index], revision: 1 });
        expect(await store.listMappings({})).toStrictEqual([won.value]);
        if (round === 1) await store.deleteMapping('ics-http', 'case-supervision', 1, 1, mappingEvent('mapping.deleted', mapping()));
      }
      expect(await actions(mapping())).toEqual(['mapping.created', 'mapping.deleted', 'mapping.created']);
    });

    it('of 10 concurrent changes or deletes on one revision exactly one wins', async () => {
      const body = mapping();
      await store.putMapping(body, null, mappingEvent('mapping.created', body));
      // Changes at even turns, deletes at odd ones; losers find it changed, or gone.
      const won = await exactlyOneOf<unknown>(
        10,
        (i) =>
          i % 2 === 0
            ? store.putMapping(mapping({ updatedBy: `writer ${i}` }), 1, mappingEvent('mapping.changed', body))
            : store.deleteMapping('ics-http', 'case-supervision', 1, 1, mappingEvent('mapping.deleted', body)),
        (err) => isStale(err) || err instanceof NotFoundError,
      );
      const now = await store.getMapping('ics-http', 'case-supervision', 1);
      if (won.index % 2 === 0) {
        expect(now).toStrictEqual({ ...mapping({ updatedBy: `writer ${won.index}` }), revision: 2 });
        expect(await actions(body)).toEqual(['mapping.created', 'mapping.changed']);
      } else {
        expect(now).toBeNull();
        expect(await actions(body)).toEqual(['mapping.created', 'mapping.deleted']);
      }
    });
  });

  describe('outbox figures and paging', () => {
    /** Creates a submitted record (its outbox entries made at `submittedAt`); returns its id. */
    async function submitted(childId: string | undefined, submittedAt: string, connectors: string[], id = newId()): Promise<string> {
      const s = submission({ id, status: 'submitted', submittedAt, submittedBy: 'u-worker', subject: childId ? { childId } : {} });
      await store.createSubmission(s, { outbox: connectors.map((connector) => ({ connector })), event: event('submission.created', 'submission', s.id) });
      return s.id;
    }
    const claim = (connector: string, limit: number) => store.claimOutbox({ workerId: 'w1', connector, now: at(10_000_000), leaseMs: 60_000, limit });

    it('has no figures on a new store', async () => {
      expect(await store.outboxCounts()).toEqual([]);
    });

    it('counts entries per connector and state, with the oldest waiting entry by time, and only states that have entries', async () => {
      const s1 = await submitted('C1', at(0), ['ics-http', 'ics-file']);
      // 09:30Z: the oldest of all, though it sorts after T0 (10:00Z) as text.
      const s2 = await submitted('C2', '2026-01-15T11:30:00+02:00', ['ics-http']);
      const s3 = await submitted('C3', at(60_000), ['ics-http', 'case-notes']);
      const s4 = await submitted('C4', at(120_000), ['ics-http']);
      const s5 = await submitted('C5', at(180_000), ['ics-file']);
      // 09:59Z: older than C4's and C7's, though submitted after them and later as text.
      await submitted('C6', '2026-01-15T10:59:00+01:00', ['ics-http']);
      await submitted('C7', at(240_000), ['ics-http']);

      // ics-http: C1 and C4 delivered, C3 dead, C2 leased, C6 and C7 pending.
      const [h1, h2, h3] = await claim('ics-http', 3);
      expect([h1, h2, h3].map((e) => e!.submissionId)).toEqual([s1, s2, s3]);
      await store.completeOutbox(h1!.id, h1!.leaseToken!, at(300_000));
      await store.deadLetterOutbox(h3!.id, h3!.leaseToken!, 'ICS answered 400', at(300_000));
      const [h4] = await claim('ics-http', 1);
      expect(h4!.submissionId).toBe(s4);
      await store.completeOutbox(h4!.id, h4!.leaseToken!, at(300_000));
      // ics-file: both leased.
      expect((await claim('ics-file', 2)).map((e) => e.submissionId)).toEqual([s1, s5]);

      const expected: OutboxCount[] = [
        { connector: 'case-notes', state: 'pending', count: 1, oldestCreatedAt: at(60_000) },
        { connector: 'ics-file', state: 'leased', count: 2, oldestCreatedAt: at(0) },
        { connector: 'ics-http', state: 'pending', count: 2, oldestCreatedAt: '2026-01-15T09:59:00.000Z' },
        { connector: 'ics-http', state: 'leased', count: 1, oldestCreatedAt: '2026-01-15T09:30:00.000Z' },
        { connector: 'ics-http', state: 'delivered', count: 2 },
        { connector: 'ics-http', state: 'dead', count: 1 },
      ];
      expect(await store.outboxCounts()).toStrictEqual(expected);

      // The figures follow the queue: a replay makes the dead one pending again (and the oldest
      // pending), a retry puts the leased one back, and ics-file's deliveries empty its leased row.
      await store.replayOutbox(h3!.id, at(400_000));
      await store.retryOutbox(h2!.id, h2!.leaseToken!, 'timeout', at(500_000));
      for (const e of await store.listOutbox({ connector: 'ics-file', state: 'leased' })) await store.completeOutbox(e.id, e.leaseToken!, at(600_000));
      expect(await store.outboxCounts()).toStrictEqual([
        { connector: 'case-notes', state: 'pending', count: 1, oldestCreatedAt: at(60_000) },
        { connector: 'ics-file', state: 'delivered', count: 2 },
        { connector: 'ics-http', state: 'pending', count: 4, oldestCreatedAt: '2026-01-15T09:30:00.000Z' },
        { connector: 'ics-http', state: 'delivered', count: 2 },
      ]);
    });

    it("finds each connector's oldest waiting entry even when other connectors' queues are long", async () => {
      const bulk = Array.from({ length: 230 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
      await submitted('C-BULK', at(0), bulk);
      await submitted('C-LATE', at(5000), ['bulk-229', 'zz-late']);
      await submitted('C-LATER', at(9000), ['zz-late']);
      const counts = await store.outboxCounts();
      expect(counts).toHaveLength(231);
      expect(counts.slice(0, 229)).toStrictEqual(bulk.slice(0, 229).map((connector) => ({ connector, state: 'pending', count: 1, oldestCreatedAt: at(0) })));
      expect(counts.slice(229)).toStrictEqual([
        { connector: 'bulk-229', state: 'pending', count: 2, oldestCreatedAt: at(0) },
        { connector: 'zz-late', state: 'pending', count: 2, oldestCreatedAt: at(5000) },
      ]);
    });

    it("lists a partition's entries in submit order, and pages through any list with `after`", async () => {
      // Ids that sort the other way round from the submit order.
      const z = await submitted('C-PAGE', at(0), ['ics-http', 'ics-file'], 'zz-first');
      await submitted('C-OTHER', at(1000), ['ics-http'], 'mm-other');
      const a = await submitted('C-PAGE', at(2000), ['ics-http', 'ics-file'], 'aa-second');
      const own = await submitted(undefined, at(3000), ['ics-http'], 'nn-no-child');
      const m = await submitted('C-PAGE', at(4000), ['ics-http'], 'mm-third');
      const ids = (es: OutboxEntry[]) => es.map((e) => e.id);

      const page = [`${z}:ics-file`, `${z}:ics-http`, `${a}:ics-file`, `${a}:ics-http`, `${m}:ics-http`];
      expect(ids(await store.listOutbox({ partitionKey: 'C-PAGE' }))).toEqual(page);
      expect(ids(await store.listOutbox({ partitionKey: own }))).toEqual([`${own}:ics-http`]);
      expect(ids(await store.listOutbox({ partitionKey: 'C-PAGE', connector: 'ics-file' }))).toEqual([`${z}:ics-file`, `${a}:ics-file`]);
      expect(await store.listOutbox({ partitionKey: 'C-NONE' })).toEqual([]);

      // Pages of two, each continuing after the last id of the one before.
      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const got = ids(await store.listOutbox({ partitionKey: 'C-PAGE', limit: 2, ...(after !== undefined ? { after } : {}) }));
        if (got.length === 0) break;
        pages.push(got);
        after = got.at(-1);
      }
      expect(pages).toEqual([page.slice(0, 2), page.slice(2, 4), page.slice(4)]);

      // Without a partition: the same order over everything; with other filters too.
      const all = ids(await store.listOutbox({}));
      expect(all).toEqual([`${z}:ics-file`, `${z}:ics-http`, 'mm-other:ics-http', `${a}:ics-file`, `${a}:ics-http`, `${own}:ics-http`, `${m}:ics-http`]);
      expect(ids(await store.listOutbox({ after: `${z}:ics-http`, limit: 3 }))).toEqual(all.slice(2, 5));
      expect(ids(await store.listOutbox({ after: `${a}:ics-file`, connector: 'ics-http' }))).toEqual([`${a}:ics-http`, `${own}:ics-http`, `${m}:ics-http`]);
      expect(ids(await store.listOutbox({ after: `${m}:ics-http` }))).toEqual([]);
      // An id that is not there gives an empty page rather than starting again.
      expect(await store.listOutbox({ after: 'no-such-entry:ics-http' })).toEqual([]);
    });
  });
});

/**
 * Runs `op` once to learn the steps it reports, then on a fresh store for each step stops it
 * there (as a process death would) and checks what the reopened store holds.
 */
async function crashingAtEachStep(
  kind: (typeof STORE_KINDS)[number],
  prepare: (store: Store) => Promise<unknown>,
  op: (store: Store) => Promise<unknown>,
  check: (store: Store, acknowledged: boolean) => Promise<void>,
): Promise<void> {
  const steps: string[] = [];
  let stopAt: string | null = null;
  let listening = false;
  const hooks = {
    between: (step: string) => {
      if (!listening) return;
      if (stopAt === null) steps.push(step);
      else if (step === stopAt) throw new Error(`stopped at ${step}`);
    },
  };
  for (let run = 0; run === 0 || run <= steps.length; run++) {
    stopAt = run === 0 ? null : steps[run - 1]!;
    const loc = newLocation(kind);
    const store = await loc.open({ hooks });
    await prepare(store);
    listening = true;
    if (stopAt === null) await op(store);
    else await expect(op(store)).rejects.toThrow(`stopped at ${stopAt}`);
    listening = false;
    await store.close();
    const reopened = await loc.open();
    await check(reopened, stopAt === null);
    await reopened.close();
    if (run === 0) expect(steps.length).toBeGreaterThan(0);
  }
}

describe.each(STORE_KINDS)('%s store: a crash leaves a connector or mapping change whole or not at all', (kind) => {
  const c = connector({ id: 'lcs-crash' });
  const body = mapping();

  it('changing a connector', async () => {
    await crashingAtEachStep(
      kind,
      (store) => store.insertConnector(c, connectorCreated(c.id)),
      (store) => store.updateConnector(c.id, 1, { paused: true }, connectorChanged(c.id)),
      async (store, acked) => {
        const got = await store.getConnector(c.id);
        const log = (await store.listEvents({ entityId: c.id })).map((e) => e.action);
        if (acked || got?.revision === 2) {
          expect(got).toStrictEqual({ ...c, paused: true, revision: 2 });
          expect(log).toEqual(['connector.created', 'connector.changed']);
        } else {
          expect(got).toStrictEqual(c);
          expect(log).toEqual(['connector.created']);
        }
      },
    );
  });

  it('deleting a mapping, and making it again', async () => {
    const made = async (store: Store) => (await store.listEvents({ entityId: mappingKey(body) })).map((e) => e.action);
    await crashingAtEachStep(
      kind,
      (store) => store.putMapping(body, null, mappingEvent('mapping.created', body)),
      (store) => store.deleteMapping(body.connector, body.formId, body.version, 1, mappingEvent('mapping.deleted', body)),
      async (store, acked) => {
        const got = await store.getMapping(body.connector, body.formId, body.version);
        if (acked || !got) {
          expect(got).toBeNull();
          expect(await store.listMappings({})).toEqual([]);
          expect(await made(store)).toEqual(['mapping.created', 'mapping.deleted']);
        } else {
          expect(got).toStrictEqual({ ...body, revision: 1 });
          expect(await made(store)).toEqual(['mapping.created']);
        }
      },
    );
    const remade = mapping({ fields: [{ target: 'RecordType', value: 'AGAIN' }] });
    await crashingAtEachStep(
      kind,
      async (store) => {
        await store.putMapping(body, null, mappingEvent('mapping.created', body));
        await store.deleteMapping(body.connector, body.formId, body.version, 1, mappingEvent('mapping.deleted', body));
      },
      (store) => store.putMapping(remade, null, mappingEvent('mapping.created', remade)),
      async (store, acked) => {
        const got = await store.getMapping(body.connector, body.formId, body.version);
        if (acked || got) {
          expect(got).toStrictEqual({ ...remade, revision: 1 });
          expect(await made(store)).toEqual(['mapping.created', 'mapping.deleted', 'mapping.created']);
        } else {
          expect(await store.listMappings({})).toEqual([]);
          expect(await made(store)).toEqual(['mapping.created', 'mapping.deleted']);
        }
      },
    );
  });
});

describe('sqlite store: migration 3', () => {
  it("upgrades a schema-2 file in place: outbox entries keep their place and count with their time in the one ISO form", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-migrate-')), 'caseforms.sqlite');
    const old: OutboxEntry = {
      id: 's-old:ics-http',
      submissionId: 's-old',
      connector: 'ics-http',
      partitionKey: 'C1',
      seq: 1,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: '2026-01-15T11:30:00+02:00',
      createdAt: '2026-01-15T11:30:00+02:00',
    };
    {
      const db = new Database(file);
      for (const m of migrations.filter((x) => x.id <= 2)) db.exec(m.sql);
      db.pragma('user_version = 2');
      db.prepare(
        `INSERT INTO outbox (id, submission_id, connector, partition_key, seq, state, next_attempt_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(old.id, old.submissionId, old.connector, old.partitionKey, old.seq, old.state, '2026-01-15T09:30:00.000Z', JSON.stringify(old));
      db.close();
    }
    const store = await openSqliteStore({ file });
    try {
      expect(await store.listOutbox({ partitionKey: 'C1' })).toStrictEqual([old]);
      const s = submission({ status: 'submitted', submittedAt: at(0), submittedBy: 'u-worker', subject: { childId: 'C2' } });
      await store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: event('submission.created', 'submission', s.id) });
      expect(await store.outboxCounts()).toStrictEqual([{ connector: 'ics-http', state: 'pending', count: 2, oldestCreatedAt: '2026-01-15T09:30:00.000Z' }]);
      const c = connector();
      await store.insertConnector(c, connectorCreated(c.id));
      expect(await store.listConnectors()).toStrictEqual([c]);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      // Through migration 3 and on to the latest.
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.id);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['mappings_form', 'outbox_counts', 'outbox_partition_order', 'outbox_order']));
      // The figures are read from the index alone.
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT connector, state, count(*), min(created_at) FROM outbox GROUP BY connector, state').all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/COVERING INDEX outbox_counts/);
    } finally {
      db.close();
    }
  });
});

describe('mongo store: outbox entries stored before createdKey', () => {
  it('are counted, and their age compared by their createdAt', async () => {
    const loc = newLocation('mongo');
    const store = await loc.open();
    const client = new MongoClient(loc.env.MONGO_URI!);
    try {
      const s = submission({ status: 'submitted', submittedAt: at(0), submittedBy: 'u-worker', subject: { childId: 'C1' } });
      await store.createSubmission(s, { outbox: [{ connector: 'ics-http' }, { connector: 'ics-file' }], event: event('submission.created', 'submission', s.id) });
      // As the store wrote entries before this change: no createdKey.
      const legacy = (id: string, connector: string, createdAt: string) => ({
        _id: `${id}:${connector}`,
        rev: 1,
        submissionId: id,
        connector,
        partitionKey: id,
        seq: 0,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: createdAt,
        createdAt,
        dueAt: new Date(createdAt).toISOString(),
      });
      await client
        .db(loc.env.MONGO_DB!)
        .collection('outbox')
        // ics-http's is older than the new entry (09:00Z, written with an offset); ics-file's newer.
        .insertMany([legacy('s-legacy-1', 'ics-http', '2026-01-15T10:00:00+01:00'), legacy('s-legacy-2', 'ics-file', at(600_000))] as never[]);
      expect(await store.outboxCounts()).toStrictEqual([
        { connector: 'ics-file', state: 'pending', count: 2, oldestCreatedAt: at(0) },
        { connector: 'ics-http', state: 'pending', count: 2, oldestCreatedAt: '2026-01-15T09:00:00.000Z' },
      ]);
      expect((await store.listOutbox({ partitionKey: 's-legacy-1' }))[0]).toMatchObject({ id: 's-legacy-1:ics-http', createdAt: '2026-01-15T10:00:00+01:00' });
    } finally {
      await client.close();
      await store.close();
    }
  });
});

/**
 * Runs `bodies.length` concurrent connector creates in a separate Node process on the store at
 * `env`, all starting at `startAt` (so several processes overlap); one JSON line per create.
 */
async function insertInChild(env: Record<string, string>, startAt: number, bodies: Connector[], events: EventRecord[]): Promise<Array<{ ok?: string; error?: string; type?: string }>> {
  const script = `
    const env = process.env;
    const store = env.STORE_KIND === 'sqlite'
      ? await (await import(env.SQLITE_MODULE)).openSqliteStore({ file: env.SQLITE_FILE })
      : await (await import(env.MONGO_MODULE)).openMongoStore({ uri: env.MONGO_URI, dbName: env.MONGO_DB });
    const bodies = JSON.parse(env.BODIES);
    const events = JSON.parse(env.EVENTS);
    await new Promise((r) => setTimeout(r, Math.max(0, Number(env.START_AT) - Date.now())));
    const results = await Promise.allSettled(bodies.map((b, i) => store.insertConnector(b, events[i])));
    for (const [i, r] of results.entries()) {
      console.log(JSON.stringify(r.status === 'fulfilled' ? { ok: bodies[i].title } : { error: r.reason.name, type: r.reason.type, message: r.reason.message }));
    }
    await store.close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: {
      ...process.env,
      ...env,
      SQLITE_MODULE: new URL('../../engine/store/sqlite/index.js', import.meta.url).href,
      MONGO_MODULE: new URL('../../engine/store/mongo/index.js', import.meta.url).href,
      BODIES: JSON.stringify(bodies),
      EVENTS: JSON.stringify(events),
      START_AT: String(startAt),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`child failed (${code}): ${err}`);
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { ok?: string; error?: string; type?: string });
}
