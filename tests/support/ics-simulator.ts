/**
 * The ICS simulator: a real HTTP server (127.0.0.1, a free port) that plays the receiving case
 * recording system for the HTTP connector's tests, the sync pipeline's tests and the benchmarks.
 * It is a plain HTTP endpoint, so workers in other processes can deliver to it as well.
 *
 * What it does with a POST (any path), in this order:
 * 1. counts it (`received`) and logs it (`requests`), whatever happens next;
 * 2. applies the first programmed behaviour that matches (`behave`): wait, drop the connection,
 *    or answer with a given status instead of going on;
 * 3. verifies `Caseforms-Signature` when it has a secret (401 problem+json otherwise, counted in
 *    `badSignatures`), as the connector documents it: HMAC-SHA256 over `<t>.<raw body>`, `t` at
 *    most 5 minutes away;
 * 4. wants `Content-Type: application/json` (415), a `caseforms.ics/1` envelope (422), and an
 *    `Idempotency-Key` equal to its `submissionId` (400 when missing, 422 when different);
 * 5. the first time it sees a key, creates a record (`ICS-000001`, …) and answers
 *    201 `{ recordId }`; the same key with the same body again answers 200 with the same
 *    recordId and creates nothing; the same key with another body answers 422. In "naive" mode
 *    (`dedupe: false`) every accepted POST creates a record, so a test can see whether the
 *    pipeline itself ever delivers twice.
 *
 * ```ts
 * const sim = await startIcsSimulator({ secret: 'x'.repeat(32) });
 * sim.behave(act.fail(503), { submissionId: 'S1', times: 3 }); // S1's first three attempts get 503
 * sim.behave(act.tooMany(2), { times: 1 });                    // then one 429 with Retry-After: 2
 * // … deliver to sim.url …
 * expect(sim.recordsForChild('C1').map((r) => r.submissionId)).toEqual(['S1', 'S2']);
 * expect(sim.duplicates()).toEqual([]);
 * await sim.close();
 * ```
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '../../engine/json/canonical.js';
import { seededRandom } from './random.js';

/**
 * The simulator's address. The HTTP connector refuses loopback unless the server's configuration
 * allows it (CASEFORMS_SYNC_HTTP_ALLOW), so every test that delivers to the simulator allows
 * exactly this, explicitly (tests/support/api.ts, tests/support/sync.ts).
 */
export const SIMULATOR_ALLOW = '127.0.0.1';

/** What to do with a request instead of (or before) handling it as the ICS would. */
export interface IcsAction {
  /** Wait this long first; with nothing else set, then handle the request normally. */
  delayMs?: number;
  /**
   * Handle the request normally (create the record), then wait this long before answering: a slow
   * acknowledgement. A client that gives up or dies meanwhile has made the record all the same.
   */
  answerDelayMs?: number;
  /** Destroy the connection without any answer (after the delay). */
  drop?: boolean;
  /** Answer with this status (after the delay) and do not handle the record. */
  status?: number;
  headers?: Record<string, string>;
  /** The answer's body: a string is sent as text/plain; anything else as JSON (problem+json when it has a `title`). */
  body?: unknown;
}

/** Ready-made behaviours. */
export const act = {
  /** Answer `status` (503 unless said) with an optional body. */
  fail: (status = 503, body?: unknown): IcsAction => ({ status, ...(body === undefined ? {} : { body }) }),
  /** 429 with `Retry-After`: seconds, a date (sent as an HTTP date), or a raw header value. */
  tooMany: (retryAfter: number | Date | string, status = 429): IcsAction => ({
    status,
    headers: { 'Retry-After': retryAfter instanceof Date ? retryAfter.toUTCString() : String(retryAfter) },
  }),
  /** An RFC 9457 problem+json answer. */
  problem: (status: number, title: string, detail?: string): IcsAction => ({
    status,
    body: { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
  }),
  /** Answer normally, but only after `ms`. */
  slow: (ms: number): IcsAction => ({ delayMs: ms }),
  /** Close the connection without answering. */
  drop: (): IcsAction => ({ drop: true }),
  /** A redirect to `location`. */
  redirect: (location: string, status = 307): IcsAction => ({ status, headers: { Location: location } }),
};

/** Which requests a behaviour applies to. */
export interface IcsWhen {
  /** Only requests carrying this submission (the envelope's `submissionId`, else the Idempotency-Key). */
  submissionId?: string;
  /** Only requests about this child (the envelope's `subject.childId`). */
  childId?: string;
  /** Any other test on the request. */
  match?: (request: IcsRequest) => boolean;
  /** How many matching requests it applies to; all of them when absent. */
  times?: number;
  /** Applies to each matching request with this probability, drawn from the simulator's seeded generator. */
  probability?: number;
}

export interface IcsBehaviour {
  /** How many requests it has been applied to so far. */
  readonly hits: number;
  /** Stops applying it. */
  cancel(): void;
}

/** One record the ICS holds. */
export interface IcsRecord {
  recordId: string;
  submissionId: string;
  childId: string | undefined;
  envelope: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** When it arrived (the simulator's clock). */
  receivedAt: string;
  /** `Caseforms-Attempt` of the request that created it. */
  attempt: number | undefined;
  /** How many later requests with its key were answered 200 with it. */
  repeats: number;
  /** The envelope's delivery revision (1 when absent); a higher one with the same key updates the record. */
  deliveryRevision: number;
  /** How many times a higher delivery revision updated it (the envelope is the latest). */
  updates: number;
}

export type SignatureVerdict = 'ok' | 'missing' | 'stale' | 'bad' | 'unchecked';

/** One request, whatever became of it. */
export interface IcsRequest {
  /** 1, 2, … in arrival order. */
  seq: number;
  at: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  submissionId: string | undefined;
  childId: string | undefined;
  signature: SignatureVerdict;
  /** The status answered; undefined while in progress, or when dropped or abandoned. */
  status: number | undefined;
  /** created: new record; repeat: known key, same body; behaved: a programmed answer; refused: a 4xx of its own; dropped; gone: the client left first. */
  outcome: 'pending' | 'created' | 'repeat' | 'behaved' | 'refused' | 'dropped' | 'gone';
}

export interface IcsSimulatorOptions {
  /** Verify `Caseforms-Signature` with this secret; no verification when absent (see `verifySignatures`). */
  secret?: string;
  /** Enforce the idempotency key (default); `false` for the naive mode that records every accepted POST. */
  dedupe?: boolean;
  /** Seed of the generator behind `probability` (default 1). */
  seed?: number;
  /** How far a signature's time may be from the simulator's clock, in seconds (default 300). */
  toleranceS?: number;
  /** The simulator's clock (default: the real one). */
  now?: () => Date;
}

export interface IcsSimulator {
  /** Where to POST records (`http://127.0.0.1:<port>/ics/records`; any path is accepted). */
  readonly url: string;
  readonly origin: string;
  /** Records created, in arrival order. */
  readonly records: readonly IcsRecord[];
  /** Every request, in arrival order. */
  readonly requests: readonly IcsRequest[];
  /** How many requests arrived, including refused, dropped and abandoned ones. */
  readonly received: number;
  /** Requests refused with 401 for a missing, stale or wrong signature. */
  readonly badSignatures: number;
  /** Requests being handled now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Programs a behaviour; the first matching one (in the order given) applies to a request. */
  behave(action: IcsAction, when?: IcsWhen): IcsBehaviour;
  /** Verifies signatures with `secret` from now on; `null` stops verifying. */
  verifySignatures(secret: string | null): void;
  /** The records about one child, in arrival order. */
  recordsForChild(childId: string): IcsRecord[];
  /** Submissions recorded more than once (only possible in naive mode, or through a bug). */
  duplicates(): Array<{ submissionId: string; records: IcsRecord[] }>;
  /** Records about one child out of order: `late` was submitted before `overtakenBy` (by the envelopes' `submittedAt`) but arrived after it. */
  orderViolations(): Array<{ childId: string; late: IcsRecord; overtakenBy: IcsRecord }>;
  /** Resolves once `test` holds (checked now, and as each request arrives and ends); rejects after `timeoutMs`. */
  until(test: (sim: IcsSimulator) => boolean, timeoutMs?: number): Promise<void>;
  /** Forgets records, requests, counters and behaviours (keeps the secret and mode). */
  reset(): void;
  close(): Promise<void>;
}

const ENVELOPE_FORMAT = 'caseforms.ics/1';
const MAX_BODY_BYTES = 1024 * 1024;

/** Checks a `Caseforms-Signature` as a receiver would, from the documented scheme alone. */
export function verifySignature(header: string | undefined, rawBody: Buffer, secret: string, nowS: number, toleranceS = 300): Exclude<SignatureVerdict, 'unchecked'> {
  if (!header) return 'missing';
  const pairs = header.split(',').map((p) => p.trim().split('='));
  const t = pairs.find(([k]) => k === 't')?.[1];
  const signatures = pairs.filter(([k, v]) => k === 'v1' && v !== undefined).map(([, v]) => v!);
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) return 'bad';
  if (Math.abs(nowS - Number(t)) > toleranceS) return 'stale';
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.`).update(rawBody).digest();
  return signatures.some((s) => /^[0-9a-f]{64}$/.test(s) && timingSafeEqual(Buffer.from(s, 'hex'), expected)) ? 'ok' : 'bad';
}

/** The Idempotency-Key: an sf-string (`"…"`), or a bare value. */
function idempotencyKey(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['idempotency-key'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const v = raw.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

function objectOrNull(raw: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The body, or 'too-large' (drained), or null when the client went away. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('close', () => {
      if (!req.complete) resolve(null);
    });
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  let payload = '';
  const head: Record<string, string> = {};
  if (typeof body === 'string') {
    payload = body;
    head['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    const isProblem = typeof body === 'object' && body !== null && 'title' in body;
    head['Content-Type'] = isProblem ? 'application/problem+json' : 'application/json';
  }
  res.writeHead(status, { ...head, 'Content-Length': String(Buffer.byteLength(payload)), ...headers });
  res.end(payload);
}

function problem(title: string, status: number, detail: string) {
  return { type: 'about:blank', title, status, detail };
}

export async function startIcsSimulator(options: IcsSimulatorOptions = {}): Promise<IcsSimulator> {
  const now = options.now ?? (() => new Date());
  const dedupe = options.dedupe ?? true;
  const toleranceS = options.toleranceS ?? 300;
  let secret: string | null = options.secret ?? null;
  let random = seededRandom(options.seed ?? 1);

  let records: IcsRecord[] = [];
  let requests: IcsRequest[] = [];
  let byKey = new Map<string, { record: IcsRecord; fingerprint: string }>();
  let rules: Array<{ action: IcsAction; when: IcsWhen; hits: number; cancelled: boolean }> = [];
  let badSignatures = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters = new Set<() => void>();
  const delays = new Set<() => void>();

  function pickAction(request: IcsRequest): IcsAction | undefined {
    for (const rule of rules) {
      const { when } = rule;
      if (rule.cancelled || (when.times !== undefined && rule.hits >= when.times)) continue;
      if (when.submissionId !== undefined && request.submissionId !== when.submissionId) continue;
      if (when.childId !== undefined && request.childId !== when.childId) continue;
      if (when.match && !when.match(request)) continue;
      if (when.probability !== undefined && random() >= when.probability) continue;
      rule.hits++;
      return rule.action;
    }
    return undefined;
  }

  /** Waits `ms`; false when the client left (or the simulator closed) first. */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        res.off('close', gone);
        delays.delete(gone);
        resolve(ok);
      };
      const gone = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      res.on('close', gone);
      delays.add(gone);
    });
  }

  function answer(res: ServerResponse, request: IcsRequest, outcome: IcsRequest['outcome'], status: number, body?: unknown, headers?: Record<string, string>): void {
    request.outcome = outcome;
    request.status = status;
    send(res, status, body, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request: IcsRequest = {
      seq: requests.length + 1,
      at: now().toISOString(),
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      submissionId: undefined,
      childId: undefined,
      signature: 'unchecked',
      status: undefined,
      outcome: 'pending',
    };
    requests.push(request);
    const raw = await readBody(req);
    if (raw === null) {
      request.outcome = 'gone';
      return;
    }
    const envelope = raw === 'too-large' ? null : objectOrNull(raw);
    const key = idempotencyKey(req.headers);
    request.submissionId = typeof envelope?.submissionId === 'string' ? envelope.submissionId : key;
    const subject = envelope?.subject as { childId?: unknown } | undefined;
    request.childId = typeof subject?.childId === 'string' ? subject.childId : undefined;

    const action = pickAction(request);
    if (action) {
      if (action.delayMs && !(await wait(action.delayMs, res))) {
        request.outcome = 'gone';
        return;
      }
      if (action.drop) {
        request.outcome = 'dropped';
        req.socket.destroy();
        return;
      }
      if (action.status !== undefined) return answer(res, request, 'behaved', action.status, action.body, action.headers);
    }

    if (req.method !== 'POST') return answer(res, request, 'refused', 405, problem('Method not allowed', 405, 'Records are created with POST.'), { Allow: 'POST' });
    if (raw === 'too-large') return answer(res, request, 'refused', 413, problem('Too large', 413, `A record may be at most ${MAX_BODY_BYTES} bytes.`));
    if (secret !== null) {
      const header = req.headers['caseforms-signature'];
      request.signature = verifySignature(typeof header === 'string' ? header : undefined, raw, secret, Math.floor(now().getTime() / 1000), toleranceS);
      if (request.signature !== 'ok') {
        badSignatures++;
        const why = { missing: 'The Caseforms-Signature header is missing.', stale: 'The signature is more than 5 minutes old (or from the future).', bad: 'The signature does not match.' }[request.signature];
        return answer(res, request, 'refused', 401, problem('Signature not accepted', 401, why));
      }
    }
    if (!/^application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '')) {
      return answer(res, request, 'refused', 415, problem('Not JSON', 415, 'Records must be sent as application/json.'));
    }
    if (!envelope || envelope.envelope !== ENVELOPE_FORMAT || typeof envelope.submissionId !== 'string') {
      return answer(res, request, 'refused', 422, problem('Not an envelope', 422, `The body is not a ${ENVELOPE_FORMAT} envelope with a submissionId.`));
    }
    if (key === undefined) return answer(res, request, 'refused', 400, problem('Idempotency-Key needed', 400, 'Every record needs an Idempotency-Key header.'));
    if (key !== envelope.submissionId) {
      return answer(res, request, 'refused', 422, problem('Idempotency-Key mismatch', 422, "The Idempotency-Key is not the envelope's submissionId."));
    }

    const fingerprint = createHash('sha256').update(canonicalJson(envelope)).digest('hex');
    const known = dedupe ? byKey.get(key) : undefined;
    if (known) {
      // A record sent again with a higher delivery revision (returned, resubmitted, signed off) updates the one made.
      const revision = typeof envelope.deliveryRevision === 'number' ? envelope.deliveryRevision : 1;
      if (known.fingerprint !== fingerprint && revision > known.record.deliveryRevision) {
        known.record.envelope = envelope;
        known.record.deliveryRevision = revision;
        known.record.updates++;
        known.fingerprint = fingerprint;
        notify();
        return answer(res, request, 'repeat', 200, { recordId: known.record.recordId });
      }
      if (known.fingerprint !== fingerprint && revision < known.record.deliveryRevision) return answer(res, request, 'repeat', 200, { recordId: known.record.recordId });
      if (known.fingerprint !== fingerprint) {
        return answer(res, request, 'refused', 422, problem('Idempotency-Key reused', 422, 'This Idempotency-Key was already used with a different body.'));
      }
      known.record.repeats++;
      return answer(res, request, 'repeat', 200, { recordId: known.record.recordId });
    }
    const attempt = Number(req.headers['caseforms-attempt']);
    const record: IcsRecord = {
      recordId: `ICS-${String(records.length + 1).padStart(6, '0')}`,
      submissionId: envelope.submissionId,
      childId: request.childId,
      envelope,
      headers: req.headers,
      receivedAt: now().toISOString(),
      attempt: Number.isInteger(attempt) ? attempt : undefined,
      repeats: 0,
      deliveryRevision: typeof envelope.deliveryRevision === 'number' ? envelope.deliveryRevision : 1,
      updates: 0,
    };
    records.push(record);
    byKey.set(key, { record, fingerprint });
    notify();
    if (action?.answerDelayMs && !(await wait(action.answerDelayMs, res))) {
      request.outcome = 'gone';
      return;
    }
    answer(res, request, 'created', 201, { recordId: record.recordId }, { Location: `/ics/records/${record.recordId}` });
  }

  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    notify();
    let counted = true;
    const settle = () => {
      if (!counted) return;
      counted = false;
      inFlight--;
      notify();
    };
    res.on('close', settle);
    handle(req, res).then(
      () => {
        // A dropped or abandoned request has no answer to close it.
        if (res.destroyed || !res.headersSent) settle();
      },
      () => {
        send(res, 500, problem('Simulator failure', 500, 'The simulator failed.'));
        settle();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sim: IcsSimulator = {
    url: `${origin}/ics/records`,
    origin,
    get records() {
      return records;
    },
    get requests() {
      return requests;
    },
    get received() {
      return requests.length;
    },
    get badSignatures() {
      return badSignatures;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    behave(action, when = {}) {
      const rule = { action, when, hits: 0, cancelled: false };
      rules.push(rule);
      return {
        get hits() {
          return rule.hits;
        },
        cancel() {
          rule.cancelled = true;
        },
      };
    },
    verifySignatures(next) {
      secret = next;
    },
    recordsForChild(childId) {
      return records.filter((r) => r.childId === childId);
    },
    duplicates() {
      const bySubmission = new Map<string, IcsRecord[]>();
      for (const r of records) bySubmission.set(r.submissionId, [...(bySubmission.get(r.submissionId) ?? []), r]);
      return [...bySubmission].filter(([, rs]) => rs.length > 1).map(([submissionId, rs]) => ({ submissionId, records: rs }));
    },
    orderViolations() {
      const found: Array<{ childId: string; late: IcsRecord; overtakenBy: IcsRecord }> = [];
      const newest = new Map<string, IcsRecord>();
      for (const r of records) {
        if (r.childId === undefined) continue;
        const before = newest.get(r.childId);
        if (before && String(r.envelope.submittedAt) < String(before.envelope.submittedAt)) found.push({ childId: r.childId, late: r, overtakenBy: before });
        else newest.set(r.childId, r);
      }
      return found;
    },
    until(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const stop = () => {
          waiters.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          if (!test(sim)) return;
          stop();
          resolve();
        };
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`The ICS simulator did not reach the expected state within ${timeoutMs} ms (${records.length} records, ${requests.length} requests).`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      records = [];
      requests = [];
      byKey = new Map();
      rules = [];
      badSignatures = 0;
      maxInFlight = inFlight;
      random = seededRandom(options.seed ?? 1);
    },
    async close() {
      for (const gone of [...delays]) gone();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sim;
}
