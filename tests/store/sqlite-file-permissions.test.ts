/**
 * Issue 11 (item 11): the SQLite files hold every record and every password and session hash, so
 * they are the service user's alone whatever the umask: data folder 0700, files (with -wal and
 * -shm) 0600. Checked in a child process started with umask 000, the most permissive there is.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../support/store-child.ts', import.meta.url));

/** Opens the store at `file` in a child with umask 000 and returns what it saw while open. */
function modesUnderOpenUmask(file: string): Record<string, string> {
  const run = spawnSync('sh', ['-c', 'umask 000 && exec "$0" --import tsx "$1" file-modes', process.execPath, script], {
    env: { ...process.env, STORE_KIND: 'sqlite', SQLITE_FILE: file },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const line = run.stdout.split('\n').find((l) => l.includes('"umask"'));
  if (!line) throw new Error(`The child did not report its file modes: ${run.stderr.slice(-1000)}`);
  return JSON.parse(line) as Record<string, string>;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('SQLite store files are private to the service user', () => {
  it('a new data folder is 0700 and the database, -wal and -shm files 0600, even with umask 000', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-perm-')), 'data', 'caseforms.sqlite');
    const seen = modesUnderOpenUmask(file);
    expect(seen).toEqual({ umask: '0', dir: '700', file: '600', wal: '600', shm: '600' });
    expect(mode(join(file, '..'))).toBe('700');
    expect(mode(file)).toBe('600');
  });

  it('an existing folder and files left readable by others are closed up when the store opens', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'caseforms-perm-')), 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const file = join(dir, 'caseforms.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o666);
    const seen = modesUnderOpenUmask(file);
    expect(seen).toEqual({ umask: '0', dir: '700', file: '600', wal: '600', shm: '600' });
  });
});
