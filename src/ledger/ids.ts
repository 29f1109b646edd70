/**
 * Operation ids: UUIDs of version 7, whose first 48 bits are the time in
 * milliseconds. History orders by (at, id), so operations recorded in the
 * same millisecond by one instance still list in the order they happened:
 * within a millisecond the next 12 bits count up.
 */
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

export function operationId(ms: number): string {
  const bytes = randomBytes(16);
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
