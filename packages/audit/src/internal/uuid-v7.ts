/**
 * UUIDv7 (RFC 9562 section 5.7) with the monotonic counter of section 6.2, method 1: within one
 * millisecond the 12-bit `rand_a` field counts up from a random start, so ids made by this process
 * sort in the order they were made. When the counter overflows, or the clock steps back, the
 * timestamp is carried forward instead of going backwards.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let counter = 0;
let msHex = '';

function byte(): number {
  if (poolOffset === POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** A new UUIDv7 string, later than every id this process made before. */
export function uuidV7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = (byte() << 3) | (byte() & 0x07); // < 2048: room to count up
    msHex = lastMs.toString(16).padStart(12, '0');
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
      msHex = lastMs.toString(16).padStart(12, '0');
    }
  }
  const c = counter;
  return (
    `${msHex.slice(0, 8)}-${msHex.slice(8)}-7${HEX[c >> 8]?.[1]}${HEX[c & 0xff]}-` +
    `${HEX[0x80 | (byte() & 0x3f)]}${HEX[byte()]}-${HEX[byte()]}${HEX[byte()]}${HEX[byte()]}` +
    `${HEX[byte()]}${HEX[byte()]}${HEX[byte()]}`
  );
}
