/** The email settings from the environment: off without an SMTP server; with one, the sender and the public address are needed; a bad value is said in words, never repeating the URL (it may hold a password). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/http/config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('email configuration', () => {
  it('is off without CASEFORMS_SMTP_URL', () => {
    expect(loadConfig({}).mail).toBeNull();
  });

  it('reads the server, sender, public address, digest hour and days before due', () => {
    expect(loadConfig({ CASEFORMS_SMTP_URL: 'smtps://mailer:s3cret@mail.council.example:465', CASEFORMS_MAIL_FROM: 'Caseforms <caseforms@council.example>', CASEFORMS_PUBLIC_URL: 'https://caseforms.council.example/', CASEFORMS_MAIL_DIGEST_HOUR: '8', CASEFORMS_MAIL_DUE_SOON_DAYS: '5' }).mail).toEqual({
      smtpUrl: 'smtps://mailer:s3cret@mail.council.example:465',
      from: 'Caseforms <caseforms@council.example>',
      publicUrl: 'https://caseforms.council.example',
      digestHour: 8,
      dueSoonDays: 5,
    });
  });

  it('refuses what it cannot use, in words, without repeating the server address', () => {
    const said = problems({ CASEFORMS_SMTP_URL: 'http://mailer:s3cret@mail.example', CASEFORMS_MAIL_DIGEST_HOUR: '24' });
    expect(said).toEqual([
      'CASEFORMS_MAIL_DIGEST_HOUR must be a whole number from 0 to 23 (got "24").',
      'CASEFORMS_SMTP_URL must be smtp://host:port or smtps://host:port, with user:password@ before the host when the server needs them (the value is not shown, as it may hold a password).',
      'CASEFORMS_MAIL_FROM must be the sender\'s address, like "Caseforms <caseforms@council.example>" (got "").',
      'CASEFORMS_PUBLIC_URL must be the address people open Caseforms at, like https://caseforms.council.example, for the links in emails (got "").',
    ]);
    expect(said.join(' ')).not.toContain('s3cret');
  });
});
