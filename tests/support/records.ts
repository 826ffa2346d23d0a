/** Small builders for store records, so tests state only what matters to them. */
import { newId } from '../../engine/ids.js';
import type { Form, FormVersion } from '../../engine/forms/model.js';
import type { Submission } from '../../engine/submissions/model.js';
import type { TrackedAction } from '../../engine/actions/model.js';
import type { EventRecord, EntityKind } from '../../engine/store/events.js';

// In the past, so entries due "now" in a child process are due.
export const T0 = '2026-01-15T10:00:00.000Z';

export function at(offsetMs: number, base = T0): string {
  return new Date(Date.parse(base) + offsetMs).toISOString();
}

export function event(action: string, kind: EntityKind, id: string, actor = 'u-analyst'): EventRecord {
  return { id: newId(), at: new Date().toISOString(), actor, action, entity: { kind, id } };
}

export function form(overrides: Partial<Form> = {}): Form {
  return {
    id: `form-${newId().slice(-12)}`,
    title: 'Case supervision record',
    category: 'supervision',
    description: 'Decisions about a child made in supervision.',
    team: 'team-cin-north',
    revision: 1,
    createdBy: 'u-analyst',
    createdAt: T0,
    ...overrides,
  };
}

export function version(formId: string, n: number, overrides: Partial<FormVersion> = {}): FormVersion {
  return {
    formId,
    version: n,
    status: 'draft',
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: { note: { type: 'string', maxLength: 100, title: 'Note' } },
    },
    uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/note' }] },
    changeNote: `version ${n}`,
    hash: `sha256:${'0'.repeat(63)}${n}`,
    revision: 1,
    createdBy: 'u-analyst',
    createdAt: T0,
    updatedBy: 'u-analyst',
    updatedAt: T0,
    ...overrides,
  };
}

export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: newId(),
    formId: 'case-supervision',
    version: 1,
    status: 'draft',
    subject: { childId: 'C1000001' },
    data: { note: 'Seen at home with mum; bedroom checked.' },
    revision: 1,
    team: 'team-cin-north',
    createdBy: 'u-worker',
    createdAt: T0,
    updatedBy: 'u-worker',
    updatedAt: T0,
    ...overrides,
  };
}

/** The `n`th tracked action a record raised: open, owned by W1 (u-ann) in team-cin-north, due 2026-02-01. */
export function trackedAction(s: Submission, n: number, overrides: Partial<TrackedAction> = {}): TrackedAction {
  return {
    id: `${s.id}.${n}`,
    submissionId: s.id,
    formId: s.formId,
    version: s.version,
    ...(s.subject.childId ? { childId: s.subject.childId } : {}),
    pointer: `/actions/${n - 1}`,
    text: `Action ${n}`,
    ownerWorkerId: 'W1',
    ownerAccountId: 'u-ann',
    team: 'team-cin-north',
    dueOn: '2026-02-01',
    status: 'open',
    history: [{ at: at(0), by: 'system', name: 'Caseforms', action: 'created' }],
    revision: 1,
    createdAt: at(0),
    createdBy: 'system',
    updatedAt: at(0),
    updatedBy: 'system',
    ...overrides,
  };
}

// Accounts, API tokens and sessions (imports here keep the builders above untouched).
import { createHash } from 'node:crypto';
import type { Account, ApiToken, Session } from '../../engine/accounts/model.js';

/** A hex SHA-256 of something unique, as tokens and sessions are stored. */
export function secretHash(): string {
  return createHash('sha256').update(newId()).update(String(Math.random())).digest('hex');
}

export function account(overrides: Partial<Account> = {}): Account {
  const id = newId();
  return {
    id,
    username: `user.${id.slice(-12)}`,
    displayName: 'Sam Okafor (social worker)',
    role: 'practitioner',
    team: 'team-cin-north',
    passwordHash: 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
    disabled: false,
    revision: 1,
    createdBy: 'u-admin',
    createdAt: T0,
    updatedBy: 'u-admin',
    updatedAt: T0,
    ...overrides,
  };
}

export function apiToken(accountId: string, overrides: Partial<ApiToken> = {}): ApiToken {
  const hash = secretHash();
  return { hash, accountId, name: 'ICS export script', prefix: `cft_${hash.slice(0, 6)}`, createdAt: T0, ...overrides };
}

export function browserSession(accountId: string, overrides: Partial<Session> = {}): Session {
  return { hash: secretHash(), accountId, csrfToken: `csrf-${newId()}`, createdAt: T0, expiresAt: at(12 * 3_600_000), ...overrides };
}
