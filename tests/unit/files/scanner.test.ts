/**
 * The virus-scanner hook against real parts: a shell script as CASEFORMS_SCAN_COMMAND, and a
 * small server speaking clamd's INSTREAM protocol (tests/support/clamd.ts, standing in for clamd).
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { clamdScanner, commandScanner } from '../../../engine/files/scanner.js';
import { EICAR, startClamd } from '../../support/clamd.js';

const stream = (b: Buffer) => Readable.from([b.subarray(0, Math.floor(b.length / 2)), b.subarray(Math.floor(b.length / 2))]);

/** A scanner script: infected when the file holds the EICAR string, "try again" (exit 2) when it holds RETRY. */
function script(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-scanner-'));
  const path = join(dir, 'scan.sh');
  writeFileSync(path, `#!/bin/sh\n[ "$1" = "--quiet" ] && shift\n[ -f "$1" ] || exit 3\nif grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' "$1"; then exit 1; fi\nif grep -q 'RETRY' "$1"; then exit 2; fi\nexit 0\n`);
  chmodSync(path, 0o700);
  return path;
}

describe('a scan command (CASEFORMS_SCAN_COMMAND)', () => {
  it('exit 0 is clean, 1 infected, anything else try again; the file’s path is its last argument, after any options', async () => {
    const path = script();
    const scanner = commandScanner(path);
    expect(await scanner.scan(stream(Buffer.from('%PDF-1.4 a fit note')))).toBe('clean');
    expect(await scanner.scan(stream(Buffer.from(`%PDF-1.4 ${EICAR}`)))).toBe('infected');
    expect(await scanner.scan(stream(Buffer.from('%PDF-1.4 RETRY')))).toBe('retry');
    expect(await commandScanner(`${path} --quiet`).scan(stream(Buffer.from(EICAR)))).toBe('infected');
    expect(await commandScanner('/no/such/scanner').scan(stream(Buffer.from('x')))).toBe('retry');
  });

  it('a copy that cannot be made (no room, no temporary folder) is "try again later", and the file’s stream is let go either way', async () => {
    const was = process.env.TMPDIR;
    const bytes = stream(Buffer.from('%PDF-1.4 a fit note'));
    const scanner = commandScanner(script());
    process.env.TMPDIR = join(tmpdir(), 'caseforms-no-such-folder', 'nor-this');
    try {
      // Before: the scan threw (the scan round failed on it every few seconds) and the stream, with its file handle, was left open.
      await expect(scanner.scan(bytes)).resolves.toBe('retry');
    } finally {
      if (was === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = was;
    }
    expect(bytes.destroyed).toBe(true);
    const clean = stream(Buffer.from('%PDF-1.4 a fit note'));
    expect(await scanner.scan(clean)).toBe('clean');
    expect(clean.destroyed).toBe(true);
  });

  it('a scanner that does not answer in time is stopped, with what it started, and tried again later', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'caseforms-scanner-')), 'still-running');
    // The shell starts a child that would leave a mark if it outlived the time allowed.
    expect(await commandScanner(`(sleep 1; touch ${marker}) & wait; true`, 300).scan(stream(Buffer.from('x')))).toBe('retry');
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(marker)).toBe(false);
  });
});

describe('clamd (CASEFORMS_CLAMD), INSTREAM', () => {
  it('over TCP: clean, the EICAR test file infected, every byte sent in order', async () => {
    const clamd = await startClamd();
    try {
      const scanner = clamdScanner(clamd.address);
      const big = randomBytes(3 * 1024 * 1024 + 17);
      expect(await scanner.scan(stream(big))).toBe('clean');
      expect(clamd.scanned).toEqual([createHash('sha256').update(big).digest('hex')]);
      expect(await scanner.scan(stream(Buffer.from(EICAR)))).toBe('infected');
    } finally {
      await clamd.close();
    }
  });

  it('over a unix socket', async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), 'caseforms-clamd-')), 'clamd.sock');
    const clamd = await startClamd({ socketPath });
    try {
      expect(await clamdScanner(socketPath).scan(stream(Buffer.from(`x${EICAR}`)))).toBe('infected');
    } finally {
      await clamd.close();
    }
  });

  it('an error answer (a size limit) or no clamd at all: try again later', async () => {
    const clamd = await startClamd({ answer: () => 'INSTREAM size limit exceeded. ERROR' });
    try {
      expect(await clamdScanner(clamd.address).scan(stream(Buffer.from('x')))).toBe('retry');
    } finally {
      await clamd.close();
    }
    expect(await clamdScanner(clamd.address).scan(stream(Buffer.from('x')))).toBe('retry');
  });
});
