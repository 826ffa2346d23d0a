/** Whose work a manager oversees: one rule for the dashboards' scope and the audit programme's. */
import { describe, expect, it } from 'vitest';
import type { Team } from '../../../engine/directory/model.js';
import { oversightOf } from '../../../engine/directory/oversight.js';

const at = '2026-01-01T00:00:00.000Z';
const TEAMS: Team[] = [
  { id: 'cin-north', name: 'CIN north', serviceArea: 'Children in need', updatedAt: at },
  { id: 'cin-south', name: 'CIN south', serviceArea: 'Children in need', updatedAt: at },
  { id: 'cla', name: 'Looked after', serviceArea: 'Children looked after', updatedAt: at },
  { id: 'qa', name: 'Quality assurance', updatedAt: at },
];

describe('oversight', () => {
  let reads = 0;
  const teams = async () => {
    reads++;
    return TEAMS;
  };

  it('is every team for QA (the directory not read), a service area for its head, else their own team', async () => {
    reads = 0;
    expect(await oversightOf({ team: 'qa', groups: ['qa'] }, teams)).toEqual({ kind: 'all' });
    expect(reads).toBe(0);
    expect(await oversightOf({ team: 'cin-north', groups: ['heads-of-service'] }, teams)).toEqual({ kind: 'service-area', serviceArea: 'Children in need', teams: TEAMS.slice(0, 2) });
    expect(await oversightOf({ team: 'cin-north' }, teams)).toEqual({ kind: 'team', team: 'cin-north' });
    expect(await oversightOf({ team: 'cin-north', groups: ['qa-moderators'] }, teams)).toEqual({ kind: 'team', team: 'cin-north' });
  });

  it('is their own team for a head of service whose team has no service area, or is not in the directory', async () => {
    expect(await oversightOf({ team: 'qa', groups: ['heads-of-service'] }, teams)).toEqual({ kind: 'team', team: 'qa' });
    expect(await oversightOf({ team: 'unknown', groups: ['heads-of-service'] }, teams)).toEqual({ kind: 'team', team: 'unknown' });
  });
});
