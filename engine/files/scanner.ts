/**
 * The virus-scanner hook: uploads are held as `unscanned` until a configured scanner says clean.
 * Either a command (CASEFORMS_SCAN_COMMAND) given the file's path — exit 0 clean, 1 infected,
 * anything else (or no answer in time) try again later — or clamd (CASEFORMS_CLAMD, a
 * `tcp://host:port` address or a unix socket path) spoken to with its INSTREAM command.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export type ScanVerdict = 'clean' | 'infected' | 'retry';

export interface Scanner {
  scan(bytes: Readable): Promise<ScanVerdict>;
}

export type ScannerConfig = { kind: 'command'; command: string } | { kind: 'clamd'; address: string };

/** Longest a scan may take before it is given up and tried again later. */
const SCAN_TIMEOUT_MS = 5 * 60_000;

export function scannerFor(config: ScannerConfig, timeoutMs = SCAN_TIMEOUT_MS): Scanner {
  return config.kind === 'command' ? commandScanner(config.command, timeoutMs) : clamdScanner(config.address, timeoutMs);
}

/**
 * Runs `command` through /bin/sh with the file's path as its last argument (so a command with
 * options, `clamdscan --no-summary`, works; the path is passed as "$1", never spliced into the
 * text). The bytes are copied to a private temporary file first: on MongoDB they live in GridFS.
 */
export function commandScanner(command: string, timeoutMs = SCAN_TIMEOUT_MS): Scanner {
  return {
    async scan(bytes) {
      let dir: string | undefined;
      try {
        dir = await mkdtemp(join(tmpdir(), 'caseforms-scan-'));
        const path = join(dir, 'upload');
        await writeFile(path, bytes, { mode: 0o600 });
        const code = await new Promise<number | null>((resolve) => {
          // Its own process group, so a scanner that hangs is stopped with everything it started.
          const child = spawn('/bin/sh', ['-c', `${command} "$1"`, 'caseforms-scan', path], { stdio: 'ignore', detached: true });
          const timer = setTimeout(() => {
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              // Already gone.
            }
          }, timeoutMs);
          child.once('error', () => (clearTimeout(timer), resolve(null)));
          child.once('exit', (exitCode) => (clearTimeout(timer), resolve(exitCode)));
        });
        return code === 0 ? 'clean' : code === 1 ? 'infected' : 'retry';
      } catch {
        // No copy could be made (no temporary folder, no room): asked again later, as clamd's failures are.
        return 'retry';
      } finally {
        // The file's stream (its handle, its GridFS cursor) is let go however the copy ended.
        bytes.destroy();
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** clamd's largest INSTREAM chunk is its StreamMaxLength; pieces of 64 KB stay well under any. */
const CLAMD_PIECE = 64 * 1024;

/**
 * clamd's INSTREAM: `zINSTREAM\0`, then each piece as a 4-byte big-endian length and the bytes,
 * then a zero length; clamd answers `stream: OK`, `stream: <name> FOUND`, or an error (size limit
 * exceeded, say), each ended by `\0`.
 */
export function clamdScanner(address: string, timeoutMs = SCAN_TIMEOUT_MS): Scanner {
  return {
    async scan(bytes) {
      let socket: Socket | undefined;
      try {
        socket = await open(address, timeoutMs);
        const s = socket;
        let reply = '';
        const answered = new Promise<string>((resolve, reject) => {
          s.on('data', (b: Buffer) => {
            reply += b.toString('utf8');
            if (reply.includes('\0') || reply.length > 4096) resolve(reply.split('\0')[0]!);
          });
          s.on('end', () => resolve(reply.split('\0')[0]!));
          s.on('error', reject);
          s.on('timeout', () => reject(new Error('clamd did not answer in time')));
        });
        answered.catch(() => {});
        const send = async (buf: Buffer) => {
          if (!s.write(buf)) await new Promise<void>((resolve, reject) => (s.once('drain', resolve), s.once('close', () => reject(new Error('clamd closed the connection')))));
        };
        await send(Buffer.from('zINSTREAM\0'));
        for await (const chunk of bytes) {
          const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
          for (let off = 0; off < b.length; off += CLAMD_PIECE) {
            const piece = b.subarray(off, off + CLAMD_PIECE);
            const len = Buffer.alloc(4);
            len.writeUInt32BE(piece.length);
            await send(len);
            await send(piece);
          }
          // clamd may answer early (a size limit) and stop reading.
          if (reply.includes('\0')) break;
        }
        await send(Buffer.alloc(4));
        const answer = (await answered).trim();
        if (/^stream: OK$/.test(answer)) return 'clean';
        if (/ FOUND$/.test(answer)) return 'infected';
        return 'retry';
      } catch {
        return 'retry';
      } finally {
        socket?.destroy();
        bytes.destroy();
      }
    },
  };
}

function open(address: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):([0-9]{1,5})\/?$/.exec(address);
    const socket = tcp ? connect({ host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) }) : connect({ path: address });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The address as CASEFORMS_CLAMD takes it, or a reason it is not one. */
export function clamdAddressProblem(address: string): string | null {
  if (/^tcp:\/\/([^:/]+|\[[^\]]+\]):([0-9]{1,5})\/?$/.test(address)) return null;
  if (address.startsWith('/')) return null;
  return `CASEFORMS_CLAMD must be tcp://host:port (e.g. tcp://127.0.0.1:3310) or the absolute path of clamd's unix socket (got "${address}").`;
}
