/**
 * Fuzzes the API with schemathesis (PyPI) from its own OpenAPI document, once per role and once
 * without signing in: every answer must be documented (status, content type, body schema) and
 * none may be a 5xx. `npm run fuzz` (README, "Security"); exits non-zero on any failure.
 *
 * Needs `schemathesis` on PATH, or SCHEMATHESIS=/path/to/schemathesis (e.g. from
 * `python3 -m venv .venv-fuzz && .venv-fuzz/bin/pip install schemathesis`). FUZZ_EXAMPLES sets
 * the examples per operation (default 60); FUZZ_ROLES=designer,admin fuzzes as those roles only;
 * FUZZ_STORE=mongo fuzzes the MongoDB store (FerretDB or MONGODB_URI, as the tests use).
 */
import { spawn } from 'node:child_process';
import { startTestServer } from './api.js';
import type { StoreKind } from './stores.js';

const ROLES = ['anonymous', 'designer', 'practitioner', 'manager', 'integrator', 'admin'] as const;
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'response_headers_conformance'];

/**
 * Operations schemathesis cannot send: a directory batch is an NDJSON stream, which it has no
 * serializer for (tests/api/directory-import.test.ts sends good, bad, huge and cut-off ones).
 */
const NOT_FUZZED = ['--exclude-path', '/api/directory/batches/{kind}'];

const tool = process.env.SCHEMATHESIS ?? 'schemathesis';
const examples = process.env.FUZZ_EXAMPLES ?? '60';
const store = (process.env.FUZZ_STORE ?? 'sqlite') as StoreKind;

const srv = await startTestServer(store);
const failed: string[] = [];
try {
  const only = process.env.FUZZ_ROLES?.split(',');
  for (const role of ROLES.filter((r) => !only || only.includes(r))) {
    const auth = role === 'anonymous' ? [] : ['-H', `Authorization: Bearer ${srv.demo[role].token}`];
    console.log(`\n== schemathesis as ${role} ==`);
    // Not spawnSync: the server answering schemathesis runs in this process's event loop.
    const child = spawn(
      tool,
      ['run', `${srv.url}/api/openapi.json`, '--checks', CHECKS.join(','), '--max-examples', examples, '--phases', 'examples,fuzzing', '--workers', '2', '--seed', '1', '--no-color', '--suppress-health-check', 'too_slow,filter_too_much,data_too_large', ...NOT_FUZZED, ...auth],
      { stdio: 'inherit' },
    );
    const status = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (status !== 0) failed.push(role);
  }
} finally {
  await srv.close();
}
if (failed.length) {
  console.error(`\nschemathesis found failures as: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nschemathesis: no 5xx and every answer as documented, for every role.');
process.exit(0);
