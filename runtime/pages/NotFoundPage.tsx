import { Link } from 'wouter';
import { Layout } from '../app/Layout.js';

export function NotFoundPage() {
  return (
    <Layout title="Page not found">
      <h1 className="govuk-heading-l">Page not found</h1>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        <Link href="/" className="govuk-link">
          Go to your forms
        </Link>
      </p>
    </Layout>
  );
}
