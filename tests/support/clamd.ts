/**
 * A small TCP (or unix socket) server speaking clamd's INSTREAM protocol, standing in for clamd,
 * which cannot be installed here: `zINSTREAM\0`, then 4-byte big-endian lengths and bytes, ended
 * by a zero length; answers `stream: OK`, or `stream: Eicar-Test-Signature FOUND` when the bytes
 * hold the EICAR test string, each ended by `\0`. It keeps what each scan received.
 */
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';

/** The EICAR anti-virus test string, put together here so this file itself does not carry it. */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE', '!$H+H*'].join('');

export interface ClamdStandIn {
  /** As CASEFORMS_CLAMD takes it: tcp://127.0.0.1:<port>, or the socket's path. */
  address: string;
  /** SHA-256 of each stream scanned, in order. */
  scanned: string[];
  close(): Promise<void>;
}

export async function startClamd(options: { socketPath?: string; answer?: (bytes: Buffer) => string } = {}): Promise<ClamdStandIn> {
  const scanned: string[] = [];
  const server: Server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    let started = false;
    const parts: Buffer[] = [];
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!started) {
        if (buf.length < 10) return;
        if (buf.subarray(0, 10).toString('latin1') !== 'zINSTREAM\0') return void socket.end('UNKNOWN COMMAND\0');
        started = true;
        buf = buf.subarray(10);
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (len === 0) {
          const bytes = Buffer.concat(parts);
          scanned.push(createHash('sha256').update(bytes).digest('hex'));
          const reply = options.answer ? options.answer(bytes) : bytes.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND' : 'stream: OK';
          socket.end(`${reply}\0`);
          return;
        }
        if (buf.length < 4 + len) return;
        parts.push(buf.subarray(4, 4 + len));
        buf = buf.subarray(4 + len);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => (options.socketPath ? server.listen(options.socketPath, resolve) : server.listen(0, '127.0.0.1', resolve)));
  const address = options.socketPath ?? `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { address, scanned, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
