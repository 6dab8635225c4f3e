/**
 * UUIDv7 (RFC 9562 section 5.7) with the monotonic counter of section 6.2, method 1: within one
 * millisecond the 12-bit `rand_a` field counts up from a random start, so ids made by this process
 * sort in the order they were made. When the counter overflows, or the clock steps back, the
 * timestamp is carried forward instead of going backwards.
 */

const POOL_SIZE = 256;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let counter = 0;
/** `tttttttt-tttt-7` for `lastMs`: the part of the id that only changes with the millisecond. */
let prefix = '';

function byte(): number {
  if (poolOffset === POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

function timePrefix(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
}

/** A new UUIDv7 string, later than every id this process made before. */
export function uuidV7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = (byte() << 3) | (byte() & 0x07); // < 2048: room to count up
    prefix = timePrefix(lastMs);
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
      prefix = timePrefix(lastMs);
    }
  }
  // a v4 UUID's last two groups are what v7 wants there: the variant bits (10) and 62 random bits
  return `${prefix}${counter.toString(16).padStart(3, '0')}${crypto.randomUUID().slice(18)}`;
}
