import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Random bytes drawn 4 KiB at a time: one system call per 256 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function random16(): Uint8Array {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Uint8Array.from(pool.subarray(offset, offset + 16));
  offset += 16;
  return bytes;
}

// With its own randomness the uuid library keeps no state, so the monotonic clock and counter
// (RFC 9562 §6.2, method 1) are kept here: ids made in one process always sort in order.
let lastMs = -Infinity;
let seq = 0;

/** Time-ordered unique id (UUIDv7): sorts by creation time, so it doubles as a cursor. */
export function newId(): string {
  const random = random16();
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // A random start in the lower half leaves room to count up within the millisecond.
    seq = ((random[6]! << 23) | (random[7]! << 15) | (random[8]! << 7) | (random[9]! >>> 1)) >>> 0;
  } else {
    seq = (seq + 1) >>> 0;
    if (seq === 0) lastMs += 1; // the counter wrapped: borrow the next millisecond
  }
  return uuidv7({ random, msecs: lastMs, seq });
}
