/** The service's configuration, from the environment, checked in full before anything starts. */
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../accounts/sessions.js';
import { DEFAULT_SIGN_IN_ADDRESS_ATTEMPTS } from '../accounts/sign-in-gate.js';
import { DEFAULT_TOKEN_POLICY, type TokenPolicy } from '../accounts/tokens.js';
import { SSO_SETTINGS, readSsoSettings, type SignInSettings } from '../accounts/sso-settings.js';
import { DEFAULT_LEASE_MS } from '../store/lease.js';
import type { StoreConfig } from '../store/open.js';
import { parseDestinations } from '../sync/destinations.js';
import type { ConnectorLimits } from '../sync/setup.js';
import { DEFAULT_MAIL, type MailConfig } from '../notifications/mailer.js';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../files/model.js';
import { clamdAddressProblem, type ScannerConfig } from '../files/scanner.js';
import { DEFAULT_OUTBOX_KEEP_DAYS } from '../sync/outbox-archive.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: StoreConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Send cookies with Secure (set when the service is reached over HTTPS). */
  secureCookies: boolean;
  /** Delivery worker settings; DEFAULT_SYNC when left out. */
  sync?: SyncConfig;
  /** How long browser sessions last; DEFAULT_SESSION_POLICY when left out. */
  sessions?: SessionPolicy;
  /** Where connectors may send and write; when left out, public addresses only and `<dataDir>/drops`. */
  connectors?: ConnectorLimits;
  /** How long API tokens last; DEFAULT_TOKEN_POLICY when left out. */
  tokens?: TokenPolicy;
  /** Failed sign-ins allowed per address, whatever the usernames, in 15 minutes. */
  signInAddressAttempts?: number;
  /** Seed the made-up demo directory (directory/demo.ts) when the store is new; off when left out. */
  demoDirectory?: boolean;
  /** The directory drop folder; defaultDirectoryDrop(dataDir) when left out. */
  directory?: DirectoryDropConfig;
  /** Single sign-on (OpenID Connect) and whether local passwords are accepted; local only when left out. */
  signIn?: SignInSettings;
  /** Email notifications through the council's SMTP server; none when left out (or null). */
  mail?: MailConfig | null;
  /** Uploaded files: the most bytes per file and the virus scanner; DEFAULT_FILES when left out. */
  files?: FilesConfig;
}

export interface FilesConfig {
  maxBytes: number;
  scanner: ScannerConfig | null;
}

export const DEFAULT_FILES: FilesConfig = { maxBytes: DEFAULT_UPLOAD_MAX_BYTES, scanner: null };
/** The most CASEFORMS_UPLOAD_MAX_MB may say: uploads stream to disk or GridFS, but a file this size already takes minutes to send over a council network. */
const UPLOAD_MAX_MB_CAP = 1024;

/** Where ICS directory extracts are dropped, and how often the folder is looked at. */
export interface DirectoryDropConfig {
  dropDir: string;
  pollMs: number;
}

/** The defaults of CASEFORMS_DIRECTORY_DROP and CASEFORMS_DIRECTORY_POLL_MS. */
export function defaultDirectoryDrop(dataDir: string): DirectoryDropConfig {
  return { dropDir: join(dataDir, 'directory-in'), pollMs: 5000 };
}

/** The default for CASEFORMS_SYNC_DROP_ROOTS. */
export function defaultDropRoots(dataDir: string): string[] {
  return [join(dataDir, 'drops')];
}

/** The limits when the configuration gives none: any public address, drops under `<dataDir>/drops`. */
export function defaultConnectorLimits(dataDir: string): ConnectorLimits {
  return { destinations: parseDestinations('').policy, dropRoots: defaultDropRoots(dataDir) };
}

export const DEFAULT_SYNC: SyncConfig = { worker: true, pollMs: 500, leaseMs: DEFAULT_LEASE_MS, batchSize: 16, metricsPort: 0 };

/** The delivery worker's settings (the same for `npm start` and a separate `npm run sync-worker`). */
export interface SyncConfig {
  /** Run a delivery worker inside the web server (set false when workers run as their own processes). */
  worker: boolean;
  pollMs: number;
  leaseMs: number;
  batchSize: number;
  /** Port for a separate worker's GET /metrics (0: none). */
  metricsPort: number;
  /** Delivered outbox entries older than this many days are archived to the event log (0: kept for ever); DEFAULT_OUTBOX_KEEP_DAYS when left out. */
  outboxKeepDays?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Caseforms cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every setting, its default and what it means (also the README's table). */
export const SETTINGS = [
  ['PORT', '3000', 'TCP port to listen on (1-65535).'],
  ['HOST', '127.0.0.1', 'Address to listen on; 0.0.0.0 for every interface.'],
  ['CASEFORMS_DATA_DIR', './data', 'Where the embedded SQLite store and demo-accounts.json live.'],
  ['MONGODB_URI', '(unset)', 'When set, use this MongoDB (mongodb:// or mongodb+srv://) instead of SQLite.'],
  ['MONGODB_DB', 'caseforms', 'Database name on that MongoDB.'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug or silent. Logs are JSON lines on stdout.'],
  ['CASEFORMS_SESSION_IDLE_MINUTES', '30', 'A browser session ends after this many minutes without activity (1-1440); people are warned before and can stay signed in. Not more than the hours below.'],
  ['CASEFORMS_SESSION_HOURS', '12', 'A browser session ends this many hours after signing in, however active (1-168).'],
  ['CASEFORMS_TOKEN_DAYS', '90', 'How many days a new API token lasts when its maker does not say (1-366). Not more than the most below.'],
  ['CASEFORMS_TOKEN_MAX_DAYS', '366', 'The most days an API token may last (1-366): asking for longer is refused, and tokens made before tokens had to end stop working this long after they were made.'],
  ['CASEFORMS_SIGNIN_ADDRESS_ATTEMPTS', '30', 'Failed sign-ins allowed from one network address in 15 minutes, whatever the usernames (1-10000); then that address waits. (Each username has its own limit of 10.)'],
  ['CASEFORMS_DEMO_DIRECTORY', 'true', 'On a new store (no accounts yet), also load a small made-up directory of teams, workers and children and link the demo practitioner and manager to two of its workers, so finding a child and pre-fill can be tried at once. The first full import from the ICS replaces it. false for a real installation that imports its directory before use.'],
  ['CASEFORMS_SECURE_COOKIES', 'false', 'true when users reach the service over HTTPS (adds Secure to cookies).'],
  ['CASEFORMS_SYNC_WORKER', 'true', 'Deliver to the ICS from inside the web server; false when delivery workers run as their own processes (`npm run sync-worker`).'],
  ['CASEFORMS_SYNC_POLL_MS', '500', 'How often an idle delivery worker looks for work (50-60000 ms); a submit in the same process wakes it at once.'],
  ['CASEFORMS_SYNC_LEASE_MS', '15000', 'How long a worker\'s claim on a record lasts unless renewed (5000-3600000 ms); a worker renews it every third of that while it delivers, so it is how long a crashed worker\'s records wait before another worker takes them.'],
  ['CASEFORMS_SYNC_BATCH', '16', 'Most records a worker takes per connector per round (1-500).'],
  ['CASEFORMS_OUTBOX_KEEP_DAYS', String(DEFAULT_OUTBOX_KEEP_DAYS), 'Days a delivered outbox entry is kept (0-36500); after that each sync worker archives it: it leaves the outbox and a `delivery.archived` event in the event log keeps its delivery (record, connector, when, attempts, the ICS\'s answer). 0: kept for ever. Entries waiting, in flight or dead are never archived.'],
  ['CASEFORMS_SYNC_HTTP_ALLOW', '(unset)', 'Where HTTP connectors may send: comma-separated host names (ics.council.example, *.council.example), IP addresses and CIDR ranges (10.20.0.0/16). Unset: any host at a public address. Loopback, private, link-local and other special addresses only when listed as addresses or ranges (checked at every connection, on the address connected to).'],
  ['CASEFORMS_SYNC_DROP_ROOTS', '<CASEFORMS_DATA_DIR>/drops', `Folders file-drop connectors may write in (and below), absolute paths separated by "${delimiter}"; a drop folder is judged with links resolved.`],
  ['CASEFORMS_DIRECTORY_DROP', '<CASEFORMS_DATA_DIR>/directory-in', 'The folder watched for ICS directory extracts (children, workers, teams: a CSV or JSON Lines file, then its <name>.manifest.json); an absolute path. done/ and rejected/ are made inside it, where each batch goes with its report.'],
  ['CASEFORMS_DIRECTORY_POLL_MS', '5000', 'How often the directory drop folder is looked at (100-3600000 ms).'],
  ['CASEFORMS_SYNC_METRICS_PORT', '0', "For `npm run sync-worker`: serve GET /metrics on this port to an integrator's API token (0: none). The web server always serves /metrics."],
  ...SSO_SETTINGS,
  ['CASEFORMS_SMTP_URL', '(unset)', 'The council\'s mail server for email notifications: smtp://user:password@host:587 (STARTTLS when the server offers it) or smtps://user:password@host:465. Unset: no email is made or sent.'],
  ['CASEFORMS_MAIL_FROM', '(unset)', 'The sender of email notifications, e.g. "Caseforms <caseforms@council.example>"; needed with CASEFORMS_SMTP_URL.'],
  ['CASEFORMS_PUBLIC_URL', '(unset)', 'The address people open Caseforms at (https://caseforms.council.example), for the links in emails; needed with CASEFORMS_SMTP_URL.'],
  ['CASEFORMS_DOCUMENT_LINK_SECRET', '(unset)', 'The key (at least 32 random characters) that signs the download links HTTP connectors send for records\' PDFs; the same for the web server and every sync worker; never stored. Links also need CASEFORMS_PUBLIC_URL.'],
  ['CASEFORMS_MAIL_DIGEST_HOUR', '7', 'The hour (0-23, UK time) of the daily round: reminders of actions due soon or overdue and of records waiting past their due date, and each daily summary.'],
  ['CASEFORMS_UPLOAD_MAX_MB', '20', `The most megabytes one uploaded file may be (1-${UPLOAD_MAX_MB_CAP}); a files question may allow less, never more. Uploads are streamed, never held whole in memory.`],
  ['CASEFORMS_SCAN_COMMAND', '(unset)', 'A virus scanner to run on every upload, given the file\'s path as its last argument (run through /bin/sh, e.g. "clamdscan --no-summary --fdpass"): exit 0 clean, 1 infected, anything else try again later. Until it says clean a file cannot be downloaded. Not with CASEFORMS_CLAMD.'],
  ['CASEFORMS_CLAMD', '(unset)', 'A clamd to scan every upload with (its INSTREAM command): tcp://host:3310 or the absolute path of its unix socket. Until it says clean a file cannot be downloaded. Not with CASEFORMS_SCAN_COMMAND.'],
  ['CASEFORMS_MAIL_DUE_SOON_DAYS', '3', 'Remind an action\'s owner this many working days before it is due (1-30).'],
] as const;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const text = (name: string, fallback: string) => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v.trim();
  };

  const portText = text('PORT', '3000');
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) problems.push(`PORT must be a whole number from 1 to 65535 (got "${portText}").`);

  const host = text('HOST', '127.0.0.1');
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}").`);

  const dataDir = resolve(text('CASEFORMS_DATA_DIR', './data'));

  const uri = env.MONGODB_URI?.trim();
  const dbName = text('MONGODB_DB', 'caseforms');
  if (uri !== undefined && uri !== '' && !/^mongodb(\+srv)?:\/\/[^\s]+$/.test(uri)) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv:// (the value is not shown, as it may hold a password).');
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(dbName)) problems.push(`MONGODB_DB must be 1-63 letters, digits, hyphens or underscores (got "${dbName}").`);

  const logLevel = text('LOG_LEVEL', 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')} (got "${logLevel}").`);

  const flag = (name: string, fallback: boolean): boolean => {
    const v = text(name, String(fallback)).toLowerCase();
    if (v !== 'true' && v !== 'false') problems.push(`${name} must be true or false (got "${v}").`);
    return v === 'true';
  };
  const secureCookies = flag('CASEFORMS_SECURE_COOKIES', false);
  const demoDirectory = flag('CASEFORMS_DEMO_DIRECTORY', true);
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const v = text(name, String(fallback));
    const n = Number(v);
    if (!/^[0-9]+$/.test(v) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${v}").`);
    return n;
  };
  const sync: SyncConfig = {
    worker: flag('CASEFORMS_SYNC_WORKER', true),
    pollMs: whole('CASEFORMS_SYNC_POLL_MS', 500, 50, 60_000),
    leaseMs: whole('CASEFORMS_SYNC_LEASE_MS', DEFAULT_LEASE_MS, 5_000, 3_600_000),
    batchSize: whole('CASEFORMS_SYNC_BATCH', 16, 1, 500),
    metricsPort: whole('CASEFORMS_SYNC_METRICS_PORT', 0, 0, 65535),
    outboxKeepDays: whole('CASEFORMS_OUTBOX_KEEP_DAYS', DEFAULT_OUTBOX_KEEP_DAYS, 0, 36_500),
  };

  const sessions: SessionPolicy = {
    idleMinutes: whole('CASEFORMS_SESSION_IDLE_MINUTES', DEFAULT_SESSION_POLICY.idleMinutes, 1, 1440),
    absoluteHours: whole('CASEFORMS_SESSION_HOURS', DEFAULT_SESSION_POLICY.absoluteHours, 1, 168),
  };
  if (sessions.idleMinutes > sessions.absoluteHours * 60) {
    problems.push(`CASEFORMS_SESSION_IDLE_MINUTES (${sessions.idleMinutes}) must not be more than CASEFORMS_SESSION_HOURS (${sessions.absoluteHours}) in minutes (${sessions.absoluteHours * 60}).`);
  }

  const allow = parseDestinations(text('CASEFORMS_SYNC_HTTP_ALLOW', ''));
  problems.push(...allow.problems);
  const rootsText = text('CASEFORMS_SYNC_DROP_ROOTS', '');
  const dropRoots = rootsText === '' ? defaultDropRoots(dataDir) : rootsText.split(delimiter).map((r) => r.trim()).filter(Boolean);
  for (const r of dropRoots) if (!isAbsolute(r)) problems.push(`CASEFORMS_SYNC_DROP_ROOTS must list absolute folders separated by "${delimiter}" (got "${r}").`);
  const tokens: TokenPolicy = {
    defaultDays: whole('CASEFORMS_TOKEN_DAYS', DEFAULT_TOKEN_POLICY.defaultDays, 1, 366),
    maxDays: whole('CASEFORMS_TOKEN_MAX_DAYS', DEFAULT_TOKEN_POLICY.maxDays, 1, 366),
  };
  if (tokens.defaultDays > tokens.maxDays) problems.push(`CASEFORMS_TOKEN_DAYS (${tokens.defaultDays}) must not be more than CASEFORMS_TOKEN_MAX_DAYS (${tokens.maxDays}).`);
  const signInAddressAttempts = whole('CASEFORMS_SIGNIN_ADDRESS_ATTEMPTS', DEFAULT_SIGN_IN_ADDRESS_ATTEMPTS, 1, 10_000);
  const dropText = text('CASEFORMS_DIRECTORY_DROP', '');
  if (dropText !== '' && !isAbsolute(dropText)) problems.push(`CASEFORMS_DIRECTORY_DROP must be an absolute folder, like /srv/caseforms/directory-in (got "${dropText}").`);
  const directory: DirectoryDropConfig = {
    dropDir: dropText === '' ? defaultDirectoryDrop(dataDir).dropDir : resolve(dropText),
    pollMs: whole('CASEFORMS_DIRECTORY_POLL_MS', defaultDirectoryDrop(dataDir).pollMs, 100, 3_600_000),
  };
  const signIn = readSsoSettings((name) => text(name, ''), flag('CASEFORMS_LOCAL_SIGNIN', true), problems);
  const mail = readMail(text, whole, problems);
  const scanCommand = text('CASEFORMS_SCAN_COMMAND', '');
  const clamd = text('CASEFORMS_CLAMD', '');
  if (scanCommand && clamd) problems.push('Set CASEFORMS_SCAN_COMMAND or CASEFORMS_CLAMD, not both: uploads are checked by one scanner.');
  if (clamd) {
    const problem = clamdAddressProblem(clamd);
    if (problem) problems.push(problem);
  }
  const files: FilesConfig = {
    maxBytes: whole('CASEFORMS_UPLOAD_MAX_MB', DEFAULT_UPLOAD_MAX_BYTES / (1024 * 1024), 1, UPLOAD_MAX_MB_CAP) * 1024 * 1024,
    scanner: scanCommand ? { kind: 'command', command: scanCommand } : clamd ? { kind: 'clamd', address: clamd } : null,
  };

  // Read where it is used (engine/documents/links.ts); a short one is refused at start, not at the first link.
  const linkKey = env.CASEFORMS_DOCUMENT_LINK_SECRET;
  if (linkKey !== undefined && linkKey !== '' && linkKey.length < 32) problems.push('CASEFORMS_DOCUMENT_LINK_SECRET must be at least 32 random characters (the value is not shown).');
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    store: uri ? { kind: 'mongo', uri, dbName } : { kind: 'sqlite', dataDir },
    logLevel,
    secureCookies,
    sync,
    sessions,
    connectors: { destinations: allow.policy, dropRoots: dropRoots.map((r) => resolve(r)) },
    tokens,
    signInAddressAttempts,
    demoDirectory,
    directory,
    signIn,
    mail,
    files,
  };
}

/** The email settings, or null when no SMTP server is set. The URL is never repeated in a message (it may hold a password). */
function readMail(text: (name: string, fallback: string) => string, whole: (name: string, fallback: number, min: number, max: number) => number, problems: string[]): MailConfig | null {
  const smtpUrl = text('CASEFORMS_SMTP_URL', '');
  const digestHour = whole('CASEFORMS_MAIL_DIGEST_HOUR', DEFAULT_MAIL.digestHour, 0, 23);
  const dueSoonDays = whole('CASEFORMS_MAIL_DUE_SOON_DAYS', DEFAULT_MAIL.dueSoonDays, 1, 30);
  if (smtpUrl === '') return null;
  let url: URL | null = null;
  try {
    url = new URL(smtpUrl);
  } catch {
    url = null;
  }
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) problems.push('CASEFORMS_SMTP_URL must be smtp://host:port or smtps://host:port, with user:password@ before the host when the server needs them (the value is not shown, as it may hold a password).');
  const from = text('CASEFORMS_MAIL_FROM', '');
  if (!/^[^\r\n]*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(from)) problems.push(`CASEFORMS_MAIL_FROM must be the sender's address, like "Caseforms <caseforms@council.example>" (got "${from}").`);
  const publicUrl = text('CASEFORMS_PUBLIC_URL', '').replace(/\/+$/, '');
  let publicOk = false;
  try {
    publicOk = ['http:', 'https:'].includes(new URL(publicUrl).protocol);
  } catch {
    publicOk = false;
  }
  if (!publicOk) problems.push(`CASEFORMS_PUBLIC_URL must be the address people open Caseforms at, like https://caseforms.council.example, for the links in emails (got "${publicUrl}").`);
  return { smtpUrl, from, publicUrl, digestHour, dueSoonDays };
}
