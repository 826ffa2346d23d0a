/**
 * Who may do what. Roles grant permissions; which records a reader sees is decided by
 * engine/directory/access.ts (author, team, allocation, restriction). The HTTP adapter asks these
 * questions on every route.
 */
import type { Submission } from '../submissions/model.js';
import type { Account, Role } from './model.js';

export type Permission =
  | 'forms:read'
  | 'forms:read-drafts'
  | 'forms:write'
  | 'forms:types'
  | 'submissions:create'
  | 'submissions:read'
  | 'submissions:export'
  | 'delivery:read'
  | 'delivery:manage'
  | 'accounts:manage'
  | 'directory:search'
  | 'directory:import'
  | 'directory:read-batches'
  // Review stages, work lists and tracked actions (engine/review, engine/actions): who may act on
  // which record or action is decided there (the stage's actor, the action's owner and manager).
  | 'review:act'
  | 'work:read'
  | 'work:team'
  | 'actions:read'
  | 'actions:update'
  // Dashboards (engine/dashboards): a manager sees their team; groups widen the scope (heads-of-service, qa).
  | 'dashboards:read';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  // Analysts build forms; they never see what social workers wrote.
  designer: new Set(['forms:read', 'forms:read-drafts', 'forms:write', 'forms:types']),
  practitioner: new Set(['forms:read', 'submissions:create', 'submissions:read', 'directory:search', 'review:act', 'work:read', 'actions:read', 'actions:update']),
  manager: new Set(['forms:read', 'submissions:create', 'submissions:read', 'directory:search', 'review:act', 'work:read', 'work:team', 'actions:read', 'actions:update', 'dashboards:read']),
  integrator: new Set(['forms:read', 'forms:types', 'submissions:read', 'submissions:export', 'delivery:read', 'delivery:manage', 'directory:search', 'directory:import', 'directory:read-batches']),
  admin: new Set(['forms:read', 'accounts:manage', 'directory:read-batches']),
};

export function can(account: Pick<Account, 'role'>, permission: Permission): boolean {
  return GRANTS[account.role].has(permission);
}

/**
 * Which submissions an account may read when no directory is loaded: its own, its team's
 * (managers), or all (integrators).
 * @deprecated Routes ask engine/directory/access.ts (`readerFor`), which applies these rules when
 * no directory is loaded and the allocation rules when one is. Kept for branches written before it.
 */
export type ReadScope = { kind: 'all' } | { kind: 'team'; team: string; self: string } | { kind: 'own'; self: string } | { kind: 'none' };

export function readScope(account: Pick<Account, 'id' | 'role' | 'team'>): ReadScope {
  if (!can(account, 'submissions:read')) return { kind: 'none' };
  if (account.role === 'integrator') return { kind: 'all' };
  if (account.role === 'manager') return { kind: 'team', team: account.team, self: account.id };
  return { kind: 'own', self: account.id };
}

/** @deprecated See readScope: use `readerFor(ctx, account).why(s)`. */
export function canRead(account: Pick<Account, 'id' | 'role' | 'team'>, submission: Pick<Submission, 'createdBy' | 'team'>): boolean {
  const scope = readScope(account);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'team':
      return submission.team === scope.team || submission.createdBy === scope.self;
    case 'own':
      return submission.createdBy === scope.self;
    case 'none':
      return false;
  }
}

/** Only the author changes or submits a draft. @deprecated Use `readerFor(ctx, account).mayWrite(s)` (also stops an author who may no longer read the child's records). */
export function canWrite(account: Pick<Account, 'id' | 'role'>, submission: Pick<Submission, 'createdBy'>): boolean {
  return can(account, 'submissions:create') && submission.createdBy === account.id;
}
