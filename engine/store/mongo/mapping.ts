/**
 * Records to stored documents and back. A record goes through a JSON round trip on the way in,
 * so what is read back is exactly what the SQLite store would give (no `undefined` keys, no
 * internal fields, `id` rather than `_id`).
 */
import type { Account, ApiToken, Session } from '../../accounts/model.js';
import { formWithRevision, type Form, type FormVersion } from '../../forms/model.js';
import type { Submission } from '../../submissions/model.js';
import type { Connector, Mapping, MappingRule } from '../../sync/model.js';
import type { EventRecord } from '../events.js';
import { isoTime } from '../messages.js';
import type { OutboxEntry } from '../outbox.js';
import type { TrackedAction } from '../../actions/model.js';
import type { AccountDoc, ActionDoc, ConnectorDoc, EventDoc, FormDoc, MappingDoc, OutboxDoc, RelayEntry, SessionDoc, SubmissionDoc, TokenDoc, VersionDoc } from './collections.js';

function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const versionDocId = (formId: string, version: number): string => `${formId}@${version}`;

export function formToDoc(form: Form, rev: number): FormDoc {
  const { id, ...rest } = jsonClone(form);
  return { _id: id, rev, ...rest };
}

export function formFromDoc(doc: FormDoc): Form {
  const { _id, rev: _rev, ...rest } = doc;
  return formWithRevision({ id: _id, ...rest });
}

export function versionToDoc(v: FormVersion, rev: number): VersionDoc {
  const { schema, uischema, ...rest } = jsonClone(v);
  return { _id: versionDocId(v.formId, v.version), rev, ...rest, schemaJson: JSON.stringify(schema), uischemaJson: JSON.stringify(uischema) };
}

export function versionFromDoc(doc: VersionDoc): FormVersion {
  const { _id: _i, rev: _rev, schemaJson, uischemaJson, ...rest } = doc;
  return { ...rest, schema: JSON.parse(schemaJson) as FormVersion['schema'], uischema: JSON.parse(uischemaJson) as FormVersion['uischema'] };
}

/** The review queue's sort key for a record with no due date: after every real one. */
export const NO_DUE_DATE = '9999-12-31';

export function submissionToDoc(s: Submission, rev: number): SubmissionDoc {
  const { id, ...rest } = jsonClone(s);
  return { _id: id, rev, ...rest, createdKey: isoTime(s.createdAt), ...(s.review ? { reviewDue: s.review.dueOn ?? NO_DUE_DATE } : {}) };
}

export function submissionFromDoc(doc: SubmissionDoc): Submission {
  const { _id, rev: _rev, createdKey: _c, reviewDue: _d, ...rest } = doc;
  return { id: _id, ...rest };
}

export function actionToDoc(a: TrackedAction, rev: number): ActionDoc {
  const { id, ...rest } = jsonClone(a);
  return { _id: id, rev, ...rest };
}

export function actionFromDoc(doc: ActionDoc): TrackedAction {
  const { _id, rev: _rev, ...rest } = doc;
  return { id: _id, ...rest };
}

/** What stays in the view of a deleted draft: its id and the commit revision that deleted it. */
export function submissionTombstone(id: string, rev: number): { _id: string; rev: number; deleted: true } {
  return { _id: id, rev, deleted: true };
}

export function outboxToDoc(e: OutboxEntry, rev: number): OutboxDoc {
  const { id, result, ...rest } = jsonClone(e);
  return {
    _id: id,
    rev,
    ...rest,
    dueAt: isoTime(e.nextAttemptAt),
    createdKey: isoTime(e.createdAt),
    ...(result !== undefined ? { resultJson: JSON.stringify(result) } : {}),
  };
}

export function outboxFromDoc(doc: OutboxDoc): OutboxEntry {
  const { _id, rev: _rev, dueAt: _d, createdKey: _c, resultJson, ...rest } = doc;
  return { id: _id, ...rest, ...(resultJson !== undefined ? { result: JSON.parse(resultJson) as Record<string, unknown> } : {}) };
}

export function eventToDoc(e: EventRecord): EventDoc {
  const { id, details, ...rest } = jsonClone(e);
  return { _id: id, ...rest, ...(details !== undefined ? { detailsJson: JSON.stringify(details) } : {}) };
}

/** A change's event, as the relay entry its commit carries to the event log. */
export function logged(event: EventRecord): RelayEntry[] {
  return [{ to: 'events', doc: eventToDoc(event) }];
}

export function eventFromDoc(doc: EventDoc): EventRecord {
  const { _id, detailsJson, ...rest } = doc;
  return { id: _id, ...rest, ...(detailsJson !== undefined ? { details: JSON.parse(detailsJson) as Record<string, unknown> } : {}) };
}

export function accountToDoc(a: Account, rev: number): AccountDoc {
  const { id, ...rest } = jsonClone(a);
  return { _id: id, rev, ...rest };
}

export function accountFromDoc(doc: AccountDoc): Account {
  const { _id, rev: _rev, ...rest } = doc;
  return { id: _id, ...rest };
}

export function tokenToDoc(t: ApiToken, rev: number): TokenDoc {
  const { hash, ...rest } = jsonClone(t);
  return { _id: hash, rev, ...rest, createdKey: isoTime(t.createdAt) };
}

export function tokenFromDoc(doc: TokenDoc): ApiToken {
  const { _id, rev: _rev, createdKey: _c, ...rest } = doc;
  return { hash: _id, ...rest };
}

export function connectorToDoc(c: Connector, rev: number): ConnectorDoc {
  const { id, settings, ...rest } = jsonClone(c);
  return { _id: id, rev, ...rest, settingsJson: JSON.stringify(settings) };
}

export function connectorFromDoc(doc: ConnectorDoc): Connector {
  const { _id, rev: _rev, settingsJson, ...rest } = doc;
  return { id: _id, ...rest, settings: JSON.parse(settingsJson) as Connector['settings'] };
}

/** Unambiguous whatever the ids hold. */
export const mappingDocId = (connector: string, formId: string, version: number): string => JSON.stringify([connector, formId, version]);

export function mappingToDoc(m: Mapping, rev: number): MappingDoc {
  const { fields, ...rest } = jsonClone(m);
  return { _id: mappingDocId(m.connector, m.formId, m.version), rev, ...rest, fieldsJson: JSON.stringify(fields) };
}

/** What stays of a deleted mapping: its key and the commit revision that deleted it. */
export function mappingTombstone(key: Pick<Mapping, 'connector' | 'formId' | 'version'>, rev: number): MappingDoc {
  const { connector, formId, version } = key;
  return { _id: mappingDocId(connector, formId, version), rev, connector, formId, version, deleted: true };
}

/** The mapping a view document holds; null for a tombstone. */
export function mappingFromDoc(doc: MappingDoc | null): Mapping | null {
  if (!doc || doc.deleted) return null;
  const { _id, rev: _rev, deleted: _d, fieldsJson, ...rest } = doc;
  return { ...rest, fields: JSON.parse(fieldsJson!) as MappingRule[] } as Mapping;
}

export function sessionToDoc(s: Session): SessionDoc {
  const { hash, ...rest } = jsonClone(s);
  return { _id: hash, ...rest };
}

export function sessionFromDoc(doc: SessionDoc): Session {
  const { _id, ...rest } = doc;
  return { hash: _id, ...rest };
}

/** `{ ...record, ...patch }` as the SQLite store stores it: a patch key set to `undefined` removes it. */
export function applyPatch<T extends object>(record: T, patch: Partial<T>): T {
  return jsonClone({ ...record, ...patch });
}
