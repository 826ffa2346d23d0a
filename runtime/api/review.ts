/**
 * A record's review stages from the browser (engine/http/routes/review.ts): what stage it is at,
 * who signed, whether the signed answers are unchanged, whether you may act; signing, returning
 * for changes, saving a stage's own answers, and comments. Writes carry the record's revision.
 */
import type { ReviewView } from '../../engine/review/transitions.js';
import { ApiError, api, type Reply } from './client.js';
import type { Submission } from './types.js';

/** GET /api/submissions/{id}/review: the stages (with who acts, in words), where the record is, the signatures (`intact`: the answers are as signed), and whether you may act. */
export type ReviewInfo = ReviewView;
export type YourPart = ReviewView['you'];

export interface ReviewComment {
  id: string;
  at: string;
  /** Account id. */
  by: string;
  name?: string;
  text: string;
}

/** The longest comment the server takes. */
export const COMMENT_MAX = 4000;

const base = (id: string) => `/api/submissions/${encodeURIComponent(id)}`;
const ifMatch = (revision: number) => ({ ifMatch: `"${revision}"` });

export const reviewApi = {
  get: (id: string): Promise<Reply<ReviewInfo>> => api.get<ReviewInfo>(`${base(id)}/review`),
  sign: (id: string, revision: number, stage: string, data?: unknown): Promise<Reply<Submission>> =>
    api.post<Submission>(`${base(id)}/review/sign`, data === undefined ? { stage } : { stage, data }, ifMatch(revision)),
  return: (id: string, revision: number, stage: string, reason: string): Promise<Reply<Submission>> => api.post<Submission>(`${base(id)}/review/return`, { stage, reason }, ifMatch(revision)),
  /** Saves the stage section's answers, unsigned. */
  saveAnswers: (id: string, revision: number, stage: string, data: unknown): Promise<Reply<Submission>> => api.put<Submission>(`${base(id)}/review/answers`, { stage, data }, ifMatch(revision)),
  comments: (id: string): Promise<Reply<{ items: ReviewComment[] }>> => api.get<{ items: ReviewComment[] }>(`${base(id)}/comments`),
  comment: (id: string, text: string): Promise<Reply<ReviewComment>> => api.post<ReviewComment>(`${base(id)}/comments`, { text }),
};

/**
 * Someone else signed or returned the record at this stage first, or it left the stage (the
 * detail says who and when): the server's 409 `conflict` on a review step.
 */
export function alreadyDecided(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 409 && /(^|\/)(conflict|already-decided)$/.test(err.problem.type);
}
