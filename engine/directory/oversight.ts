/**
 * Whose work a manager oversees, for the dashboards (engine/dashboards) and the audit programme
 * (engine/audits): their own team; with group `heads-of-service`, every team of their team's
 * service area (the directory's teams); with group `qa`, every team. Groups are set by
 * administrators. A head of service whose team has no service area oversees their team.
 */
import type { Account } from '../accounts/model.js';
import type { Team } from './model.js';

/** Account groups (Account.groups) that widen what a manager oversees. */
export const HEADS_OF_SERVICE = 'heads-of-service';
export const QA = 'qa';

export type Oversight = { kind: 'all' } | { kind: 'service-area'; serviceArea: string; teams: Team[] } | { kind: 'team'; team: string };

/** What `who` oversees; `teams` (the directory's) is read only when the answer depends on it. */
export async function oversightOf(who: Pick<Account, 'team'> & Partial<Pick<Account, 'groups'>>, teams: () => Promise<Team[]>): Promise<Oversight> {
  const groups = who.groups ?? [];
  if (groups.includes(QA)) return { kind: 'all' };
  if (groups.includes(HEADS_OF_SERVICE)) {
    const all = await teams();
    const area = all.find((t) => t.id === who.team)?.serviceArea;
    if (area) return { kind: 'service-area', serviceArea: area, teams: all.filter((t) => t.serviceArea === area) };
  }
  return { kind: 'team', team: who.team };
}
