/**
 * The audit programme from the browser: assignments (GET/POST /api/audits/assignments, and one:
 * GET /api/audits/assignments/{id}), samples (GET/POST /api/audits/samples, with `preview`), what
 * a planner may choose from (GET /api/audits/options), and starting an assigned audit as a new draft.
 */
import type { AuditAssignment, AuditSample, AuditStatus, LegalStatus, SampleRule } from '../../engine/audits/model.js';
import type { Submission } from './types.js';
import { api } from './client.js';
import { setIn, toPath } from '../form/paths.js';

export type { AuditAssignment, AuditSample, AuditStatus, LegalStatus };

export type AssignmentItem = AuditAssignment & { childName?: string };

/** A sample as the API answers it: each chosen child with the directory's name (not recorded with the sample). */
export type NamedSample = Omit<AuditSample, 'chosen'> & { chosen: Array<AuditSample['chosen'][number] & { childName?: string }> };

export interface AuditOptions {
  teams: Array<{ id: string; name: string }>;
  auditors: Array<{ id: string; displayName: string; role: string; team: string; teamName: string; workerId?: string }>;
  forms: Array<{ id: string; title: string; category: string }>;
}

/** A sample's rule as sent: the seed to draw the previewed children again, whether only to preview, and (confirming) the children previewed. */
export type SampleBody = SampleRule & { seed?: number; preview: boolean; previewed?: string[] };

export interface Drawn {
  preview: boolean;
  sample: NamedSample;
  assignments: AssignmentItem[];
}

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export const auditApi = {
  options: async () => (await api.get<AuditOptions>('/api/audits/options')).body,
  assignments: async (filter: { status?: string; team?: string; auditor?: string; limit?: number; cursor?: string | null }) =>
    (await api.get<{ items: AssignmentItem[]; count: number; nextCursor: string | null }>(`/api/audits/assignments${q({ ...filter, cursor: filter.cursor ?? undefined, limit: String(filter.limit ?? 100) })}`)).body,
  /** One audit: yours, or one of the teams you plan for (404 otherwise). */
  assignment: async (id: string) => (await api.get<AssignmentItem>(`/api/audits/assignments/${encodeURIComponent(id)}`)).body,
  assign: async (item: { childId: string; auditorAccountId: string; dueOn: string; formId: string }) =>
    (await api.post<{ items: AssignmentItem[] }>('/api/audits/assignments', { assignments: [item] })).body.items,
  draw: async (body: SampleBody) => (await api.post<Drawn>('/api/audits/samples', body)).body,
  samples: async () => (await api.get<{ items: NamedSample[] }>('/api/audits/samples')).body.items,
  /** A new draft of the assignment's form about its child (the form's child answer filled in), opened by the caller. */
  async start(a: Pick<AuditAssignment, 'id' | 'formId' | 'childId'>): Promise<Submission> {
    const form = (await api.get<{ subject?: { childId?: string } }>(`/api/forms/${encodeURIComponent(a.formId)}`)).body;
    const pointer = form.subject?.childId;
    const data = (pointer ? setIn({}, toPath(pointer), a.childId) : {}) as Record<string, unknown>;
    return (await api.post<Submission>('/api/submissions', { formId: a.formId, subject: { childId: a.childId }, data, status: 'draft' }, { idempotencyKey: `audit-${a.id}` })).body;
  },
};
