/** The service as an operator runs it: configuration, start, health, graceful shutdown. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../engine/http/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm start` runs, after its build step. */
const builtServer = join(root, '.build/engine/http/server.js');

/** What the configuration says is wrong with these values (none: []). */
function problems(values: Record<string, string>): string[] {
  try {
    loadConfig(values);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', store: { kind: 'sqlite' }, logLevel: 'info', secureCookies: false });
    expect(c.dataDir).toBe(join(process.cwd(), 'data'));
  });

  it('sets how long browser sessions last: 30 minutes unused, 12 hours at most, unless told otherwise', () => {
    expect(loadConfig({}).sessions).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(loadConfig({ CASEFORMS_SESSION_IDLE_MINUTES: '15', CASEFORMS_SESSION_HOURS: '8' }).sessions).toEqual({ idleMinutes: 15, absoluteHours: 8 });
    expect(problems({ CASEFORMS_SESSION_IDLE_MINUTES: '0', CASEFORMS_SESSION_HOURS: 'twelve' })).toEqual([
      'CASEFORMS_SESSION_IDLE_MINUTES must be a whole number from 1 to 1440 (got "0").',
      'CASEFORMS_SESSION_HOURS must be a whole number from 1 to 168 (got "twelve").',
    ]);
    expect(problems({ CASEFORMS_SESSION_IDLE_MINUTES: '90', CASEFORMS_SESSION_HOURS: '1' })).toEqual([
      'CASEFORMS_SESSION_IDLE_MINUTES (90) must not be more than CASEFORMS_SESSION_HOURS (1) in minutes (60).',
    ]);
  });

  it('sets how long API tokens last and how many failed sign-ins an address has, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ tokens: { defaultDays: 90, maxDays: 366 }, signInAddressAttempts: 30 });
    expect(loadConfig({ CASEFORMS_TOKEN_DAYS: '7', CASEFORMS_TOKEN_MAX_DAYS: '30', CASEFORMS_SIGNIN_ADDRESS_ATTEMPTS: '100' })).toMatchObject({ tokens: { defaultDays: 7, maxDays: 30 }, signInAddressAttempts: 100 });
    expect(problems({ CASEFORMS_TOKEN_DAYS: '60', CASEFORMS_TOKEN_MAX_DAYS: '30' })).toEqual(['CASEFORMS_TOKEN_DAYS (60) must not be more than CASEFORMS_TOKEN_MAX_DAYS (30).']);
    expect(problems({ CASEFORMS_TOKEN_MAX_DAYS: '1000', CASEFORMS_SIGNIN_ADDRESS_ATTEMPTS: '0' })).toEqual([
      'CASEFORMS_TOKEN_MAX_DAYS must be a whole number from 1 to 366 (got "1000").',
      'CASEFORMS_SIGNIN_ADDRESS_ATTEMPTS must be a whole number from 1 to 10000 (got "0").',
    ]);
  });

  it('watches <data dir>/directory-in every 5 seconds for directory extracts, unless told otherwise', () => {
    expect(loadConfig({ CASEFORMS_DATA_DIR: '/srv/cf' }).directory).toEqual({ dropDir: '/srv/cf/directory-in', pollMs: 5000 });
    expect(loadConfig({ CASEFORMS_DIRECTORY_DROP: '/mnt/ics/extracts', CASEFORMS_DIRECTORY_POLL_MS: '60000' }).directory).toEqual({ dropDir: '/mnt/ics/extracts', pollMs: 60000 });
    expect(problems({ CASEFORMS_DIRECTORY_DROP: 'extracts', CASEFORMS_DIRECTORY_POLL_MS: '10' })).toEqual([
      'CASEFORMS_DIRECTORY_DROP must be an absolute folder, like /srv/caseforms/directory-in (got "extracts").',
      'CASEFORMS_DIRECTORY_POLL_MS must be a whole number from 100 to 3600000 (got "10").',
    ]);
  });

  it('uses MongoDB when MONGODB_URI is set', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://db.internal:27017/', MONGODB_DB: 'cf_live' }).store).toEqual({ kind: 'mongo', uri: 'mongodb://db.internal:27017/', dbName: 'cf_live' });
  });

  it('sets up single sign-on from the environment, checked in full, and never echoes the client secret', () => {
    expect(loadConfig({}).signIn).toEqual({ local: true, sso: null });
    const c = loadConfig({
      CASEFORMS_OIDC_ISSUER: 'https://login.council.example/tenant/v2.0',
      CASEFORMS_OIDC_CLIENT_ID: 'caseforms',
      CASEFORMS_OIDC_CLIENT_SECRET: 's3cret-value',
      CASEFORMS_OIDC_WORKER_CLAIM: 'employee_id',
      CASEFORMS_OIDC_ROLE_GROUPS: 'manager=cf-managers, practitioner=cf-practitioners',
      CASEFORMS_OIDC_REDIRECT_URL: 'https://caseforms.council.example/api/sso/callback',
      CASEFORMS_LOCAL_SIGNIN: 'false',
    });
    expect(c.signIn).toEqual({
      local: false,
      sso: {
        issuer: 'https://login.council.example/tenant/v2.0',
        clientId: 'caseforms',
        clientSecret: 's3cret-value',
        scopes: 'openid email profile',
        workerClaim: 'employee_id',
        roleGroups: { claim: 'groups', map: [{ role: 'manager', group: 'cf-managers' }, { role: 'practitioner', group: 'cf-practitioners' }] },
        redirectUrl: 'https://caseforms.council.example/api/sso/callback',
        postLogoutUrl: 'https://caseforms.council.example/signed-out',
        label: 'Sign in with your council account',
      },
    });
    const found = problems({
      CASEFORMS_OIDC_ISSUER: 'http://login.council.example',
      CASEFORMS_OIDC_CLIENT_SECRET: 's3cret-value',
      CASEFORMS_OIDC_SCOPES: 'email',
      CASEFORMS_OIDC_ROLE_GROUPS: 'boss=cf-bosses,manager',
      CASEFORMS_OIDC_REDIRECT_URL: 'https://caseforms.council.example/callback',
    });
    expect(found).toEqual([
      'CASEFORMS_OIDC_ISSUER must be an https:// URL (http:// only for 127.0.0.1 or localhost; got "http://login.council.example").',
      'CASEFORMS_OIDC_CLIENT_ID must be set with CASEFORMS_OIDC_ISSUER (the client id the provider gave Caseforms).',
      'CASEFORMS_OIDC_SCOPES must include openid (got "email").',
      'CASEFORMS_OIDC_ROLE_GROUPS: "boss" is not a role; roles are designer, practitioner, manager, integrator, admin.',
      'CASEFORMS_OIDC_ROLE_GROUPS: "manager" must be role=group (e.g. manager=cf-managers).',
      'CASEFORMS_OIDC_REDIRECT_URL must end in /api/sso/callback, the path Caseforms answers the provider on (got "/callback").',
    ]);
    expect(found.join(' ')).not.toContain('s3cret');
    expect(problems({ CASEFORMS_OIDC_CLIENT_ID: 'caseforms', CASEFORMS_LOCAL_SIGNIN: 'false' })).toEqual([
      'CASEFORMS_OIDC_CLIENT_ID is set but CASEFORMS_OIDC_ISSUER is not: set the issuer to turn single sign-on on, or remove it.',
      'CASEFORMS_LOCAL_SIGNIN=false needs single sign-on (CASEFORMS_OIDC_ISSUER): otherwise only administrators could sign in.',
    ]);
  });

  it('refuses bad values, naming every one, and never echoes a MongoDB URI', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: '70000', HOST: 'my host', MONGODB_URI: 'postgres://user:s3cret@x', MONGODB_DB: 'a.b', LOG_LEVEL: 'loud', CASEFORMS_SECURE_COOKIES: 'yes' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number from 1 to 65535 \(got "70000"\)/);
    expect((err as Error).message).not.toContain('s3cret');
  });
});

function run(env: Record<string, string>, command: string[] = [process.execPath, builtServer]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('running the service', () => {
  const children: ChildProcess[] = [];
  // The server alone (`npm start`'s first step): these tests speak to its API, not its pages, and
  // the `npm start` test below builds the web apps as well.
  beforeAll(() => {
    execFileSync('npm', ['run', 'build:server', '--silent'], { cwd: root, stdio: 'inherit' });
  }, 120_000);
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) process.kill(-c.pid!, 'SIGKILL');
  });

  it('`npm start` (the README command) builds and serves the product on the embedded store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-npm-start-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const proc = run({ PORT: String(port), CASEFORMS_DATA_DIR: dataDir }, ['npm', 'start', '--silent']);
    children.push(proc.child);
    await waitFor(() => proc.output().includes('Caseforms is running at'), 90_000);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const demo = JSON.parse((await import('node:fs')).readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{ role: string; token: string }>;
    const forms = await fetch(`http://127.0.0.1:${port}/api/forms`, { headers: { authorization: `Bearer ${demo.find((d) => d.role === 'practitioner')!.token}` } });
    expect(((await forms.json()) as { items: unknown[] }).items).toHaveLength(4);
    process.kill(-proc.child.pid!, 'SIGTERM');
    await proc.exited;
  }, 120_000);

  it('starts on the embedded store, seeds, prints the URL and how to sign in, and stops gracefully on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-start-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const proc = run({ PORT: String(port), CASEFORMS_DATA_DIR: dataDir });
    children.push(proc.child);
    // The banner ends with the curl hint.
    await waitFor(() => proc.output().includes('Try: curl'), 60_000);
    expect(proc.output()).toContain(`http://127.0.0.1:${port}`);
    expect(proc.output()).toContain(join(dataDir, 'demo-accounts.json'));
    expect(statSync(join(dataDir, 'demo-accounts.json')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'caseforms.sqlite'))).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: { kind: 'sqlite', reachable: true } });

    // A request in flight (its body still arriving) when SIGTERM comes is finished, not cut.
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (b) => (response += b.toString()));
    const body = JSON.stringify({ username: 'nobody', password: 'not a real password' });
    socket.write(`POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    proc.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // New connections are no longer accepted.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    socket.write(body.slice(10));
    await new Promise((r) => socket.once('close', r));
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    expect(await proc.exited).toBe(0);
  });

  it('refuses to start on bad configuration, saying what is wrong', async () => {
    const proc = run({ PORT: 'eighty', LOG_LEVEL: 'warn' });
    children.push(proc.child);
    expect(await proc.exited).toBe(2);
    expect(proc.output()).toContain('PORT must be a whole number from 1 to 65535 (got "eighty")');
  });

  it('refuses to start when MongoDB cannot be reached, without listening', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const proc = run({ PORT: String(port), MONGODB_URI: 'mongodb://admin:hunter2@127.0.0.1:1/', CASEFORMS_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-')) });
    children.push(proc.child);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/Caseforms cannot start: MongoDB store: cannot reach the server/);
    expect(proc.output()).not.toContain('hunter2');
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });
});
