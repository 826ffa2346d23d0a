/**
 * Many directory rows, made the same way every time from their number: for the large-batch store
 * tests, the crash test's child process and the directory benchmark.
 */
import type { DirectoryChild, DirectoryTeam, DirectoryWorker } from '../../engine/directory/model.js';

const FORENAMES = ['Jordan', 'Alex', 'Robin', 'Casey', 'Morgan', 'Sam', 'Taylor', 'Jamie', 'Riley', 'Avery', 'Zoë', 'Niamh', 'Oluwaseun', 'Mohammed', 'Aisha', 'Harper', 'Eli', 'Freya', 'Kai', 'Leah'];
const SURNAMES = ['Smith', 'Jones', 'Brown', 'Taylor', 'Evans', 'Wilson', "O'Brien", 'Patel', 'Khan', 'Nowak', 'Okafor', 'Hughes', 'Lewis-Price', 'Murphy', 'Ahmed', 'Davies', 'Clarke', 'Wright', 'Walker', 'Roberts'];
const STATUSES = ['CIN', 'CP', 'CLA', 'CL', 'EH', 'NONE'] as const;

/** Team `T00`…; `teams` of them. */
export function manyTeams(teams: number): DirectoryTeam[] {
  return Array.from({ length: teams }, (_, i) => ({ id: `T${String(i).padStart(2, '0')}`, name: `Team ${String(i).padStart(2, '0')}`, serviceArea: i % 2 ? 'Children in need' : 'Children looked after' }));
}

/** Worker `W0000`…, in `teams` teams, each managed by the first worker of their team. */
export function manyWorkers(count: number, teams: number): DirectoryWorker[] {
  return Array.from({ length: count }, (_, i) => {
    const team = i % teams;
    return {
      id: `W${String(i).padStart(4, '0')}`,
      name: `${FORENAMES[i % 20]} ${SURNAMES[(i * 7) % 20]} ${i}`,
      email: `worker${i}@Council.example`,
      team: `T${String(team).padStart(2, '0')}`,
      ...(i >= teams ? { managerId: `W${String(team).padStart(4, '0')}` } : {}),
      active: i % 97 !== 0,
    };
  });
}

/** Child `<prefix>0000000`…; `version` changes every row's legal status, so two versions differ in every row. */
export function manyChildren(count: number, options: { prefix?: string; workers?: number; teams?: number; version?: number; from?: number } = {}): DirectoryChild[] {
  const { prefix = 'C', workers = 3000, teams = 50, version = 0, from = 0 } = options;
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const year = 2006 + (i % 18);
    return {
      id: `${prefix}${String(i).padStart(7, '0')}`,
      name: `${FORENAMES[(i * 3) % 20]} ${SURNAMES[Math.floor(i / 20) % 20]}`,
      dateOfBirth: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      allocatedWorkerId: `W${String(i % workers).padStart(4, '0')}`,
      team: `T${String(i % teams).padStart(2, '0')}`,
      legalStatus: STATUSES[(i + version) % STATUSES.length],
      restricted: i % 250 === 0,
      ...(i % 250 === 0 ? { allowedWorkerIds: [`W${String((i + 1) % workers).padStart(4, '0')}`] } : {}),
    };
  });
}
