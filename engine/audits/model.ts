/**
 * The audit programme (issue 15): audit assignments — this child's record audited with this form
 * by this auditor by this date — made by hand or drawn as a sample from the directory by a rule,
 * the sample kept as it was drawn. An assignment is done when the auditor's record of that form
 * about that child completes (engine/audits/lifecycle.ts).
 */
import type { Tracked, TrackedChange, TrackedStep } from '../actions/model.js';
import type { LEGAL_STATUS_TITLES } from '../directory/model.js';

export const AUDIT_STATUSES = ['open', 'done', 'cancelled'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export type LegalStatus = keyof typeof LEGAL_STATUS_TITLES;

export type AuditStep = 'assigned' | 'done' | 'cancelled' | 'reassigned' | 'due-moved';

export interface AuditEntry extends TrackedStep<AuditStep> {
  /** done: the record that completed it. */
  submissionId?: string;
}

export interface AuditAssignment extends Tracked<AuditStatus, AuditEntry> {
  id: string;
  formId: string;
  childId: string;
  /** The child's team in the directory when assigned (absent when the child has none). */
  team?: string;
  auditorAccountId: string;
  /** The auditor account's ICS worker id, when linked. */
  auditorWorkerId?: string;
  auditorName: string;
  /** YYYY-MM of dueOn: what monthly "planned" counts group by. */
  dueMonth: string;
  /** done: the auditor's completed record, the day it was done (doneOn, Europe/London) and whether by the due date. */
  submissionId?: string;
  onTime?: boolean;
  /** The sample that drew it (absent: assigned by hand). */
  sampleId?: string;
}

export type AssignmentPatch = Partial<Pick<AuditAssignment, TrackedChange | 'submissionId' | 'onTime' | 'auditorAccountId' | 'auditorWorkerId' | 'auditorName' | 'dueMonth'>>;

export interface AssignmentQuery {
  auditorAccountId?: string;
  /** Assignments of children in any of these teams (an empty list matches nothing). */
  teams?: readonly string[];
  status?: AuditStatus;
  childId?: string;
  formId?: string;
  /** Only those due before this date (YYYY-MM-DD, exclusive): with status open, the overdue ones. */
  dueBefore?: string;
}

/** The rule a sample is drawn by (every member checked by engine/audits/sample.ts `ruleOf`). */
export interface SampleRule {
  formId: string;
  /** How many children per team (1–20). */
  perTeam: number;
  /** The teams drawn from; absent: every team the planner may plan for. */
  teams?: string[];
  /** Only children with one of these legal statuses; absent: any. */
  legalStatuses?: LegalStatus[];
  /** Children with an audit of this form completed in the last so many months are left out (0: none are). */
  notAuditedMonths: number;
  /** Leave out each auditor's own cases (children allocated to their worker, or to workers they line-manage). */
  excludeOwnCases: boolean;
  /** One auditor for the whole sample, or several taken in turn (round-robin). Account ids. */
  auditorAccountIds: string[];
  /** YYYY-MM-DD: when every assignment of the sample is due. */
  dueOn: string;
}

/** Why children the rule considered were not chosen, as counts. */
export interface LeftOut {
  /** Merged into another child by the ICS (the kept child is considered instead). */
  merged: number;
  legalStatus: number;
  recentlyAudited: number;
  /** An open assignment of the same form about the child exists already. */
  alreadyAssigned: number;
  /** Every auditor's own case. */
  ownCase: number;
  /** Restricted, and no auditor may read their records. */
  restricted: number;
  /** Could have been chosen, but the team's number was reached. */
  notDrawn: number;
}

export interface SampleTeam {
  team: string;
  considered: number;
  eligible: number;
  chosen: number;
}

export interface SampleChoice {
  childId: string;
  team: string;
  auditorAccountId: string;
  /** Absent in a preview (nothing was saved). */
  assignmentId?: string;
}

export interface AuditSample {
  id: string;
  rule: SampleRule;
  /** The seed of the shuffle: the same rule, seed and directory draw the same children. */
  seed: number;
  drawnAt: string;
  /** Account id and name of who drew it. */
  drawnBy: string;
  drawnByName: string;
  /** Children the rule looked at (every child of the teams drawn from). */
  considered: number;
  chosen: SampleChoice[];
  leftOut: LeftOut;
  teams: SampleTeam[];
}
