import { v7 as uuidv7 } from 'uuid';

/** Time-ordered unique id (UUIDv7): sorts by creation time, so it doubles as a cursor. */
export function newId(): string {
  return uuidv7();
}
