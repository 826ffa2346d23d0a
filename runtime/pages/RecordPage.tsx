/**
 * A record: filled in if it is your draft, otherwise read (as it was made, against its own
 * version of the form). Works from this device's copy when the server cannot be reached.
 */
import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { NetworkError } from '../api/client.js';
import type { FormVersion, Submission } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { getEarly, recordPath, versionPath } from '../app/early.js';
import { Loading } from '../components/Loading.js';
import type { Gone } from '../form/autosave.js';
import { FormRunner } from '../form/FormRunner.js';
import { localDrafts, type LocalDraft } from '../form/local-drafts.js';
import type { Flash } from '../review/SignOffPanel.js';
import { RecordView } from './RecordView.js';

interface Loaded {
  submission: Submission;
  version: FormVersion;
  formTitle: string;
  category: string | undefined;
  local: LocalDraft | undefined;
  offline: boolean;
}

async function loadVersion(formId: string, n: number): Promise<FormVersion> {
  const cached = await localDrafts.getVersion(formId, n);
  if (cached && cached.status !== 'draft') return cached;
  const v = (await getEarly<FormVersion>(versionPath(formId, n))).body;
  if (v.status !== 'draft') await localDrafts.putVersion(v);
  return v;
}

async function load(id: string, accountId: string): Promise<Loaded> {
  // This device's copy is read while the server's is on its way.
  const reading = localDrafts.get(id, accountId);
  reading.catch(() => {});
  const fetching = getEarly<Submission>(recordPath(id));
  fetching.catch(() => {});
  const local = await reading;
  try {
    const submission = (await fetching).body;
    const version = await loadVersion(submission.formId, submission.version);
    // The record's read names its form (forms are never deleted).
    return { submission, version, formTitle: submission.form?.title ?? submission.formId, category: submission.form?.category, local, offline: false };
  } catch (err) {
    // Offline: carry on from this device's copy, if it has one and the form it was made with.
    if (!(err instanceof NetworkError) || !local?.record) throw err;
    const version = await localDrafts.getVersion(local.record.formId, local.record.version);
    if (!version) throw err;
    const submission: Submission = { ...local.record, data: local.data, revision: local.baseRevision };
    return { submission, version, formTitle: local.formTitle, category: undefined, local, offline: true };
  }
}

export function RecordPage({ id }: { id: string }) {
  const { account } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const [loaded, retry] = useLoad(() => load(id, account?.id ?? ''), [id, account?.id]);
  const [gone, setGone] = useState<Gone | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const filling = loaded.state === 'ready' && loaded.value.submission.status === 'draft' && account !== null && isAuthor(loaded.value.submission, account.id);
  const title = filling ? null : loaded.state === 'ready' ? loaded.value.formTitle : 'Record';
  return (
    <Layout title={title} backTo={{ href: '/', label: 'Back to your forms' }}>
      {gone === 'deleted' ? (
        <>
          <h1 className="govuk-heading-l">This draft has been deleted</h1>
          <p className="govuk-body">It was deleted in another tab or on another device, so it can no longer be changed.</p>
          <p className="govuk-body">
            <Link href="/" className="govuk-link">
              Go to your forms
            </Link>
          </p>
        </>
      ) : (
      <Loading loaded={loaded} retry={retry} failedHeading="The record could not be opened">
        {(v) =>
          v.submission.status === 'draft' && v.submission.subject && account && isAuthor(v.submission, account.id) ? (
            <FormRunner
              key={`${v.submission.id}@${v.submission.version}`}
              submission={v.submission}
              version={v.version}
              formTitle={v.formTitle}
              accountId={account.id}
              local={v.local}
              reload={retry}
              onGone={(why) => {
                setGone(why);
                if (why === 'submitted') retry();
              }}
              onSubmitted={() => {
                navigate(`/records/${v.submission.id}?submitted=1`, { replace: true });
                retry();
              }}
            />
          ) : (
            <RecordView
              submission={v.submission}
              version={v.version}
              formTitle={v.formTitle}
              category={v.category}
              justSubmitted={new URLSearchParams(search).has('submitted')}
              notice={gone === 'submitted' ? 'This draft was submitted in another tab or on another device.' : undefined}
              account={account}
              flash={flash}
              onReviewed={(f) => {
                setFlash(f);
                retry();
              }}
            />
          )
        }
      </Loading>
      )}
    </Layout>
  );
}

function isAuthor(s: Submission, accountId: string): boolean {
  return s.createdBy === accountId;
}
