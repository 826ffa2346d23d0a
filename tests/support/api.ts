/**
 * A real Caseforms server (real HTTP, real store of the given kind, demo accounts seeded) and a
 * small client whose every response is checked against the OpenAPI document.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createApp } from '../../engine/http/app.js';
import { startServer, type RunningServer } from '../../engine/http/server.js';
import { DEFAULT_SYNC, type FilesConfig, type SyncConfig } from '../../engine/http/config.js';
import type { DemoAccount } from '../../engine/accounts/lifecycle.js';
import type { SessionPolicy } from '../../engine/accounts/sessions.js';
import type { TokenPolicy } from '../../engine/accounts/tokens.js';
import type { Role } from '../../engine/accounts/model.js';
import type { SignInSettings } from '../../engine/accounts/sso-settings.js';
import type { StoreKind } from './stores.js';
import { newLocation } from './stores.js';
import { checkResponse } from './openapi.js';
import { SIMULATOR_ALLOW } from './ics-simulator.js';
import { destinations } from '../../engine/sync/destinations.js';
import type { ConnectorLimits } from '../../engine/sync/setup.js';
import type { ImportLimits } from '../../engine/directory/import.js';
import type { MailConfig } from '../../engine/notifications/mailer.js';

export interface TestServer {
  url: string;
  running: RunningServer;
  demo: Record<Role, DemoAccount>;
  /** A client acting with this role's demo token (or anonymously). */
  as(role: Role | 'anonymous'): Client;
  close(): Promise<void>;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body text (sent as is, with `contentType`). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Skip the OpenAPI check (for deliberately broken requests whose answer is still checked by hand). */
  unchecked?: boolean;
}

export class Client {
  constructor(
    readonly base: string,
    readonly token: string | null,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...this.extraHeaders, ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const type = res.headers.get('content-type');
    const parsed = type && /json/.test(type) && text ? JSON.parse(text) : text;
    if (!options.unchecked) await checkResponse(method, path, res.status, type, text === '' ? null : parsed);
    // Health answers 503 with its own body; everything else that fails is a problem.
    if (res.status >= 400 && !path.startsWith('/api/health')) {
      // Never a stack trace or an internal message.
      if (!/application\/problem\+json/.test(type ?? '')) throw new Error(`${method} ${path}: ${res.status} without problem+json: ${text.slice(0, 200)}`);
      if (/\n\s+at |node_modules|SQLITE_|Mongo[A-Z]/.test(text)) throw new Error(`${method} ${path}: internal detail leaked: ${text}`);
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, ...(body !== undefined ? { body } : {}) });
  }
  put<T = any>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...options, ...(body !== undefined ? { body } : {}) });
  }
  patch<T = any>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...options, ...(body !== undefined ? { body } : {}) });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

const silent = pino({ level: 'silent' });

/**
 * What test servers and workers let connectors reach: the ICS simulator's address (loopback,
 * refused by default) and drop folders under the system's temporary folder. Given explicitly, as
 * an operator would (CASEFORMS_SYNC_HTTP_ALLOW, CASEFORMS_SYNC_DROP_ROOTS).
 */
export const TEST_CONNECTOR_ENV = { CASEFORMS_SYNC_HTTP_ALLOW: SIMULATOR_ALLOW, CASEFORMS_SYNC_DROP_ROOTS: tmpdir() };
export const TEST_CONNECTOR_LIMITS: ConnectorLimits = { destinations: destinations(SIMULATOR_ALLOW), dropRoots: [tmpdir()] };

/** `webDir`: the built web apps to serve (the run's own build, see web.ts); default: the repository's `.build/web`. */
export async function startTestServer(
  kind: StoreKind,
  options: {
    signInAttempts?: number;
    signInAddressAttempts?: number;
    tokens?: TokenPolicy;
    sync?: Partial<SyncConfig>;
    sessions?: SessionPolicy;
    webDir?: string;
    connectors?: ConnectorLimits;
    /** Load the demo directory (engine/directory/demo.ts) as `npm start` does; off by default, so any child id is accepted. */
    demoDirectory?: boolean;
    directoryLimits?: Partial<ImportLimits>;
    /** Single sign-on and local passwords (local passwords only when left out). */
    signIn?: SignInSettings;
    /** The port to listen on (when the provider must know the address first); any free one when left out. */
    port?: number;
    /** Email notifications through this SMTP server (none when left out). */
    mail?: MailConfig;
    /** Uploaded files: the most bytes per file and a virus scanner (20 MB and none when left out). */
    files?: FilesConfig;
  } = {},
): Promise<TestServer> {
  const loc = newLocation(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-api-'));
  const store = kind === 'sqlite' ? { kind: 'sqlite' as const, dataDir } : { kind: 'mongo' as const, uri: loc.env.MONGO_URI!, dbName: loc.env.MONGO_DB! };
  // Workers look for work often, so a delivery's retries take milliseconds in tests, not seconds.
  const sync: SyncConfig = { ...DEFAULT_SYNC, pollMs: 50, ...options.sync };
  const running = await startServer(
    {
      port: options.port ?? 0,
      host: '127.0.0.1',
      dataDir,
      store,
      logLevel: 'silent',
      secureCookies: false,
      sync,
      connectors: options.connectors ?? TEST_CONNECTOR_LIMITS,
      ...(options.sessions ? { sessions: options.sessions } : {}),
      ...(options.tokens ? { tokens: options.tokens } : {}),
      ...(options.signIn ? { signIn: options.signIn } : {}),
      demoDirectory: options.demoDirectory ?? false,
      ...(options.mail ? { mail: options.mail } : {}),
      ...(options.files ? { files: options.files } : {}),
    },
    silent,
    { signInAttempts: options.signInAttempts, ...(options.signInAddressAttempts ? { signInAddressAttempts: options.signInAddressAttempts } : {}), ...(options.webDir ? { webDir: options.webDir } : {}), ...(options.directoryLimits ? { directoryLimits: options.directoryLimits } : {}) },
  );
  const demoList = JSON.parse(readFileSync(running.demoAccountsFile!, 'utf8')) as DemoAccount[];
  const demo = Object.fromEntries(demoList.map((d) => [d.role, d])) as Record<Role, DemoAccount>;
  return {
    url: running.url,
    running,
    demo,
    as: (role) => new Client(running.url, role === 'anonymous' ? null : demo[role].token),
    close: () => running.close(1000),
  };
}

/** Creates a form and publishes its first version, as the demo designer. */
export async function publishForm(srv: TestServer, form: Record<string, unknown> & { id: string }, definition: { schema: unknown; uischema: unknown }): Promise<void> {
  const designer = srv.as('designer');
  const created = await designer.post('/api/forms', form);
  if (created.status !== 201) throw new Error(`Creating form ${form.id}: ${created.status} ${created.text}`);
  const version = await designer.post(`/api/forms/${form.id}/versions`, { ...definition, changeNote: 'First version' });
  if (version.status !== 201) throw new Error(`Its first version: ${version.status} ${version.text}`);
  const published = await designer.post(`/api/forms/${form.id}/versions/1/publish`, { changeNote: 'First version' });
  if (published.status !== 200) throw new Error(`Publishing it: ${published.status} ${published.text}`);
}

/** Another practitioner account on a test server (admin-made, signed in once for an API token), acting with that token. */
export async function newPractitioner(srv: TestServer, username: string, team: string): Promise<Client> {
  return newAccount(srv, username, team, 'practitioner');
}

/** Another account of any role (with more settings, such as groups or workerId), acting with its own API token. */
export async function newAccount(srv: TestServer, username: string, team: string, role: Role, extra: Record<string, unknown> = {}): Promise<Client> {
  const password = 'correct horse battery staple';
  const made = await srv.as('admin').post('/api/accounts', { username, displayName: username, role, team, password, ...extra });
  if (made.status !== 201) throw new Error(`Making ${username}: ${made.status} ${made.text}`);
  const signIn = await new Client(srv.url, null).post('/api/session', { username, password });
  const token = await new Client(srv.url, null, { cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': signIn.body.csrfToken }).post('/api/me/tokens', { name: 'tests' });
  return new Client(srv.url, token.body.token);
}

/**
 * The app over a test server's engine, serving a stand-in for the built web apps (index.html and
 * one hashed asset each, as vite leaves them), with the given logger. For tests of the web
 * files' answers and of what the app logs.
 */
export async function serveStandInApps(srv: TestServer, logger: Logger = silent): Promise<{ base: string; close(): Promise<void> }> {
  const webDir = mkdtempSync(join(tmpdir(), 'caseforms-web-')) + '/';
  for (const app of ['runtime', 'designer']) {
    mkdirSync(join(webDir, app, 'assets'), { recursive: true });
    writeFileSync(join(webDir, app, 'index.html'), `<!doctype html><title>${app}</title>`);
    writeFileSync(join(webDir, app, 'assets', 'index-abc123.js'), 'console.log(1);');
  }
  const server = createApp(srv.running.ctx, logger, { secureCookies: false, webDir }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((r) => server.close(() => r(undefined)));
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
