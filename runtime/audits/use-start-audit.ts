/**
 * Starting an assigned audit (Your work, and the audit's own page): a new draft of its form about
 * its child, opened at once — the same draft however often it is started (auditApi.start) — or
 * what went wrong, in words.
 */
import { useState } from 'react';
import { useLocation } from 'wouter';
import { auditApi, type AuditAssignment } from '../api/audits.js';
import { ApiError, NetworkError } from '../api/client.js';

export function useStartAudit(): { start: (a: Pick<AuditAssignment, 'id' | 'formId' | 'childId'>) => Promise<void>; busy: string | null; error: string | null } {
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function start(a: Pick<AuditAssignment, 'id' | 'formId' | 'childId'>) {
    setBusy(a.id);
    setError(null);
    try {
      const draft = await auditApi.start(a);
      navigate(`/records/${draft.id}`);
    } catch (err) {
      setBusy(null);
      setError(err instanceof ApiError ? err.problem.detail : err instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'The audit could not be started.');
    }
  }
  return { start, busy, error };
}
