/**
 * Where the HTTP connector may send (issue 11, item 8): against the ICS simulator on 127.0.0.1,
 * over real HTTP, with the destination policy the server's configuration sets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/http/config.js';
import { httpConnector } from '../../../engine/sync/connectors/http.js';
import { destinations, parseDestinations } from '../../../engine/sync/destinations.js';
import type { Connector, ConnectorEnv, DeliveryItem } from '../../../engine/sync/model.js';
import { SIMULATOR_ALLOW, startIcsSimulator, type IcsSimulator } from '../../support/ics-simulator.js';

const SECRET = 'k3y-for-tests-only-0123456789-abcdefghij';
const SECRET_ENV = 'CASEFORMS_SECRET_ICS';
const AT = '2026-11-26T10:00:00.000Z';

const envWith = (allow: string): ConnectorEnv => ({ secrets: { [SECRET_ENV]: SECRET }, now: () => new Date(), destinations: destinations(allow), dropRoots: [] });

function connector(url: string): Connector {
  return { id: 'ics-http', kind: 'http', title: 'ICS', paused: false, retry: { maxAttempts: 5, baseMs: 1000, maxMs: 60_000 }, dateFormat: 'YYYY-MM-DD', settings: { url, secretEnv: SECRET_ENV }, revision: 1, createdBy: 'u', createdAt: AT, updatedBy: 'u', updatedAt: AT };
}

const item: DeliveryItem = {
  entry: { id: 'S1:ics-http', submissionId: 'S1', connector: 'ics-http', partitionKey: 'C1', seq: 1, state: 'leased', attempts: 1, nextAttemptAt: AT, createdAt: AT },
  envelope: { envelope: 'caseforms.ics/1', submissionId: 'S1', formId: 'f', formVersion: 1, subject: { childId: 'C1' }, submittedBy: 'p', submittedAt: AT, fields: {} },
};

let sim: IcsSimulator;
let port: string;
beforeEach(async () => {
  sim = await startIcsSimulator({ secret: SECRET });
  port = new URL(sim.url).port;
});
afterEach(async () => sim.close());

async function deliver(url: string, allow: string) {
  const d = httpConnector.create(connector(url), envWith(allow));
  try {
    return (await d.deliver([item], new AbortController().signal))[0]!;
  } finally {
    await d.close?.();
  }
}

describe('the HTTP connector and the destination policy', () => {
  it('refuses loopback, however written, unless the configuration allows it — and sends nothing', async () => {
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]']) {
      const url = `http://${host}:${port}/records`;
      expect(await deliver(url, ''), url).toEqual({ outcome: 'retry', reason: expect.stringMatching(/^The address \S+ is a loopback, private, link-local or other special-purpose address, which the server's CASEFORMS_SYNC_HTTP_ALLOW setting does not allow\.$/) });
      expect((await httpConnector.check!({ url, secretEnv: SECRET_ENV }, envWith(''))).map((p) => p.pointer), url).toEqual(['/url']);
    }
    expect(sim.received).toBe(0);
    expect(await deliver(`http://127.0.0.1:${port}/records`, SIMULATOR_ALLOW)).toMatchObject({ outcome: 'delivered' });
    expect(sim.received).toBe(1);
  });

  it('refuses link-local (cloud metadata), private and other special ranges before connecting', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://10.0.0.5/', 'http://192.168.1.1/', 'http://172.16.0.1/', 'http://[fd00::1]/', 'http://0.0.0.0/', 'http://100.64.0.1/']) {
      expect(await deliver(url, ''), url).toEqual({ outcome: 'retry', reason: expect.stringContaining('special-purpose address') });
    }
    expect(await httpConnector.check!({ url: 'http://10.0.0.5/in', secretEnv: SECRET_ENV }, envWith('10.0.0.0/8'))).toEqual([]);
  });

  it('checks the address a host name resolves to when connecting, not only when the connector is saved', async () => {
    const url = `http://localhost:${port}/records`;
    // The name is allowed, so saving passes (no DNS then)...
    expect(await httpConnector.check!({ url, secretEnv: SECRET_ENV }, envWith('localhost'))).toEqual([]);
    // ...but it resolves to loopback, which is refused in the connection's own look-up.
    expect(await deliver(url, 'localhost')).toEqual({ outcome: 'retry', reason: expect.stringMatching(/^The host localhost resolves to a loopback, private, link-local or other special-purpose address/) });
    expect(sim.received).toBe(0);
    expect(await deliver(url, 'localhost, 127.0.0.0/8, ::1')).toMatchObject({ outcome: 'delivered' });
  });

  it('with host names listed, sends only to them', async () => {
    const env = envWith('ics.council.example, *.middleware.example');
    const problems = async (url: string) => (await httpConnector.check!({ url, secretEnv: SECRET_ENV }, env)).map((p) => p.message);
    expect(await problems('https://ics.council.example/in')).toEqual([]);
    expect(await problems('https://a.middleware.example/in')).toEqual([]);
    expect(await problems('https://evil.example/in')).toEqual(["The host evil.example is not among the destinations the server's CASEFORMS_SYNC_HTTP_ALLOW setting allows."]);
    expect(await problems('https://middleware.example.evil.example/in')).toHaveLength(1);
    expect(await problems('https://8.8.8.8/in')).toEqual(["The address 8.8.8.8 is not among the destinations the server's CASEFORMS_SYNC_HTTP_ALLOW setting allows."]);
  });

  it('is configured by CASEFORMS_SYNC_HTTP_ALLOW, whose wrong entries stop the start', () => {
    expect(parseDestinations('ics.example, 10.0.0.0/8, ::1, [fd00::]/8').problems).toEqual([]);
    expect(parseDestinations('http://ics.example, 10.0.0.0/33, 2130706433').problems).toHaveLength(3);
    expect(() => loadConfig({ CASEFORMS_SYNC_HTTP_ALLOW: 'http://ics.example/' })).toThrow(ConfigError);
    expect(() => loadConfig({ CASEFORMS_SYNC_DROP_ROOTS: 'relative/drops' })).toThrow(/CASEFORMS_SYNC_DROP_ROOTS must list absolute folders/);
    const config = loadConfig({ CASEFORMS_DATA_DIR: '/srv/caseforms' });
    expect(config.connectors?.dropRoots).toEqual(['/srv/caseforms/drops']);
  });
});
