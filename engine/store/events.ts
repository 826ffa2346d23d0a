import { newId } from '../ids.js';

/** The append-only event log: who did what to which record, and when. */

export type EntityKind = 'form' | 'version' | 'submission' | 'account' | 'delivery' | 'connector' | 'mapping' | 'option-list' | 'directory' | 'child' | 'sso' | 'action' | 'dashboard' | 'audit' | 'audit-sample' | 'file';

export interface EventRecord {
  id: string;
  at: string;
  actor: string;
  /** Dotted verb, e.g. `form.created`, `version.published`, `submission.read`. */
  action: string;
  entity: { kind: EntityKind; id: string };
  details?: Record<string, unknown>;
}

export interface EventQuery {
  entityKind?: EntityKind;
  entityId?: string;
  actor?: string;
  action?: string;
  /** Event id to continue after (ids sort by time). */
  after?: string;
  limit?: number;
}

/** An event for `actor` doing `action` to an entity, now. */
export function newEvent(
  now: Date,
  actor: string,
  action: string,
  kind: EntityKind,
  id: string,
  details?: Record<string, unknown>,
): EventRecord {
  return { id: newId(), at: now.toISOString(), actor, action, entity: { kind, id }, ...(details ? { details } : {}) };
}
