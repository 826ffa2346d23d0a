/**
 * Which files a record's answers name are still waiting for their virus scan, for the record read
 * back (a submitted record, a record under review): those show as their name and why, not as a
 * link whose download would be refused. Asked when the record opens, and again while one waits
 * for a scanner that is set up. (A draft being filled in learns this through its Uploads.)
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { filesInAnswers } from '../../engine/files/answers.js';
import { api } from '../api/client.js';
import type { UploadedFile } from '../api/files.js';
import { heldText } from '../renderers/fields/file-words.js';
import type { Held } from '../renderers/summary/SummaryView.js';
import { SCAN_CHECK_MS, type Uploads } from './uploads.js';

/** For "Check your answers": what the draft's uploads know, drawn again when they learn more. */
export function useHeldByUploads(uploads: Uploads): Held {
  const learnt = useSyncExternalStore(
    useCallback((listener: () => void) => uploads.subscribe(listener), [uploads]),
    () => uploads.scanVersion,
  );
  return useMemo(() => (id: string) => (uploads.scanOf(id) === 'unscanned' ? heldText(uploads.scanner) : null), [uploads, learnt]);
}

export function useRecordScans(submissionId: string, schema: unknown, data: unknown): Held | undefined {
  const names = useMemo(() => filesInAnswers(schema, data).length > 0, [schema, data]);
  const [found, setFound] = useState<{ scanner: boolean; waiting: Set<string> } | null>(null);
  useEffect(() => {
    if (!names) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const res = await api.poll<{ scanner: boolean; items: UploadedFile[] }>(`/api/submissions/${encodeURIComponent(submissionId)}/files`);
        if (!live) return;
        const waiting = new Set(res.body.items.filter((f) => f.scan === 'unscanned').map((f) => f.id));
        setFound({ scanner: res.body.scanner, waiting });
        if (res.body.scanner && waiting.size > 0) timer = setTimeout(() => void read(), SCAN_CHECK_MS);
      } catch {
        // Offline, or signed out: the files show as links; a refused download says why.
      }
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [submissionId, names]);
  return useMemo(() => (found && found.waiting.size > 0 ? (id: string) => (found.waiting.has(id) ? heldText(found.scanner) : null) : undefined), [found]);
}
