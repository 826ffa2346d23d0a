/** An audit's status in words, as the programme's table and the audit's page say it. */
import type { AuditAssignment } from '../api/audits.js';
import { dayText } from '../directory/words.js';

const STATUS_WORDS: Record<AuditAssignment['status'], string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

/** Open, cancelled, or done on which day and whether by the due date. */
export function auditStatusText(a: Pick<AuditAssignment, 'status' | 'doneOn' | 'onTime'>): string {
  return a.status === 'done' ? `Done ${dayText(a.doneOn!)}${a.onTime ? ', on time' : ', late'}` : STATUS_WORDS[a.status];
}
