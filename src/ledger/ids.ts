/**
 * Operation ids: UUIDs of version 7, whose first 48 bits are the time in
 * milliseconds. History orders by (at, id), so operations recorded in the
 * same millisecond by one instance still list in the order they happened:
 * within a millisecond the next 12 bits count up.
 */
import { randomFillSync } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * Random bytes are drawn 4 KB at a time, as crypto.randomUUID draws its
 * own: one call into OpenSSL per 256 ids instead of one per id, which
 * showed in the profile of a recorded shareItem.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
const scratch = Buffer.alloc(16);

function freshBytes(): Buffer {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(scratch, 0, poolOffset, poolOffset + 16);
  poolOffset += 16;
  return scratch;
}

export function operationId(ms: number): string {
  const bytes = freshBytes();
  if (ms === lastMs && sequence < 0xfff) {
    sequence++;
  } else {
    lastMs = ms;
    // Start low in the range, so that many operations in one millisecond still count up.
    sequence = bytes.readUInt16BE(6) & 0x3ff;
  }
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
