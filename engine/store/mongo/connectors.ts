/**
 * ICS sync connectors and mappings, as commits (see commits.ts).
 *
 * A connector is kept like a form: its create is the entity's first commit (a taken id is a
 * duplicate key), each update the next one. A mapping is keyed by (connector, form, version) and
 * its delete is a commit too, which leaves a tombstone in the view: making the mapping again takes
 * the next commit revision of that key, so two creates that saw the same tombstone (or nothing)
 * cannot both win.
 */
import type { Connector, ConnectorPatch, Mapping } from '../../sync/model.js';
import type { MappingQuery } from '../contract.js';
import { patchedConnector } from '../connectors.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { Collections, MappingDoc } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { applyPatch, connectorFromDoc, connectorToDoc, logged, mappingDocId, mappingFromDoc, mappingToDoc, mappingTombstone } from './mapping.js';

const connectorEntity = (id: string): string => `connector:${id}`;
const mappingEntity = (connector: string, formId: string, version: number): string => `mapping:${mappingDocId(connector, formId, version)}`;

export class Connectors {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  // Connectors

  async insertConnector(connector: Connector, event: EventRecord): Promise<void> {
    const won = await this.log.commit(
      { entity: connectorEntity(connector.id), rev: 1, view: 'connectors', state: connectorToDoc(connector, 1), relay: logged(event) },
      'connector.inserted',
    );
    if (!won) throw refuse.connectorExists(connector.id);
  }

  async getConnector(id: string): Promise<Connector | null> {
    const doc = await this.c.connectors.findOne({ _id: id });
    return doc ? connectorFromDoc(doc) : null;
  }

  async listConnectors(): Promise<Connector[]> {
    return (await this.c.connectors.find({}).sort({ _id: 1 }).toArray()).map(connectorFromDoc);
  }

  async updateConnector(id: string, expectedRevision: number, patch: ConnectorPatch, event: EventRecord): Promise<Connector> {
    const state = await this.log.change(
      { entity: connectorEntity(id), view: 'connectors', read: () => this.c.connectors.findOne({ _id: id }), missing: () => refuse.connectorMissing(id) },
      (doc, rev) => {
        const cur = connectorFromDoc(doc);
        if (cur.revision !== expectedRevision) throw refuse.connectorStale(id, cur.revision);
        return { state: connectorToDoc(applyPatch(patchedConnector(cur, patch), {}), rev), relay: logged(event) };
      },
      'connector.updated',
    );
    return connectorFromDoc(state);
  }

  // Mappings

  /** The view document of a mapping, tombstone included. */
  private mappingDoc(connector: string, formId: string, version: number): Promise<MappingDoc | null> {
    return this.c.mappings.findOne({ _id: mappingDocId(connector, formId, version) });
  }

  /**
   * A compare-and-set change of an existing mapping at `expectedRevision`: `decide` gives its view
   * document at commit revision `rev`.
   */
  private async changeMapping(
    key: Pick<Mapping, 'connector' | 'formId' | 'version'>,
    expectedRevision: number,
    decide: (cur: Mapping, rev: number) => MappingDoc,
    event: EventRecord,
    stepName: string,
  ): Promise<MappingDoc> {
    const { connector, formId, version } = key;
    return this.log.change(
      {
        entity: mappingEntity(connector, formId, version),
        view: 'mappings',
        read: async () => {
          const doc = await this.mappingDoc(connector, formId, version);
          return doc && !doc.deleted ? doc : null;
        },
        missing: () => refuse.mappingMissing(connector, formId, version),
      },
      (doc, rev) => {
        const cur = mappingFromDoc(doc)!;
        if (cur.revision !== expectedRevision) throw refuse.mappingStale(connector, formId, version, cur.revision);
        return { state: decide(cur, rev), relay: logged(event) };
      },
      stepName,
    );
  }

  async putMapping(mapping: Omit<Mapping, 'revision'>, expectedRevision: number | null, event: EventRecord): Promise<Mapping> {
    const { connector, formId, version } = mapping;
    if (expectedRevision !== null) {
      const state = await this.changeMapping(mapping, expectedRevision, (cur, rev) => mappingToDoc({ ...mapping, revision: cur.revision + 1 }, rev), event, 'mapping.put');
      return mappingFromDoc(state)!;
    }
    const entity = mappingEntity(connector, formId, version);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.mappingDoc(connector, formId, version);
      if (doc && !doc.deleted) throw refuse.mappingExists(connector, formId, version);
      // The first commit of the key, or the one after its tombstone: only one create can take it.
      const rev = (doc?.rev ?? 0) + 1;
      const state = mappingToDoc({ ...mapping, revision: 1 }, rev);
      if (await this.log.commit({ entity, rev, view: 'mappings', state, relay: logged(event) }, 'mapping.put')) return mappingFromDoc(state)!;
      // Someone else took that revision (most often a concurrent create): read again.
      await this.log.settle(entity, rev);
    }
    throw new Error(`MongoDB store: could not create the "${connector}" mapping for version ${version} of "${formId}" after ${MAX_ATTEMPTS} attempts.`);
  }

  async getMapping(connector: string, formId: string, version: number): Promise<Mapping | null> {
    return mappingFromDoc(await this.mappingDoc(connector, formId, version));
  }

  async listMappings(query: MappingQuery): Promise<Mapping[]> {
    const docs = await this.c.mappings
      .find({
        deleted: { $exists: false },
        ...(query.connector !== undefined ? { connector: query.connector } : {}),
        ...(query.formId !== undefined ? { formId: query.formId } : {}),
      })
      .sort({ connector: 1, formId: 1, version: 1 })
      .toArray();
    return docs.map((d) => mappingFromDoc(d)!);
  }

  async deleteMapping(connector: string, formId: string, version: number, expectedRevision: number, event: EventRecord): Promise<void> {
    const key = { connector, formId, version };
    await this.changeMapping(key, expectedRevision, (_cur, rev) => mappingTombstone(key, rev), event, 'mapping.deleted');
  }
}
