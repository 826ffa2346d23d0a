/** What both adapters share about ICS sync connectors. */
import type { Connector, ConnectorPatch } from '../sync/model.js';

/**
 * The connector after `patch`, at the next revision. The id, the kind and who created it and when
 * are kept whatever the patch holds at run time.
 */
export function patchedConnector(cur: Connector, patch: ConnectorPatch): Connector {
  return { ...cur, ...patch, id: cur.id, kind: cur.kind, createdBy: cur.createdBy, createdAt: cur.createdAt, revision: cur.revision + 1 };
}
