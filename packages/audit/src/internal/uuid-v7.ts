/**
 * UUIDv7 (RFC 9562 section 5.7) with the monotonic counter of section 6.2, method 1: within one
 * millisecond the 12-bit `rand_a` field counts up from a random start, so ids made by this process
 * sort in the order they were made. When the counter overflows, or the clock steps back, the
 * timestamp is carried forward instead of going backwards.
 */

/**
 * Random bytes drawn at once (512 ids' worth): a draw costs about the same for 4 KiB as for a few
 * bytes, several microseconds on some machines, more than the rest of an id.
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

const HEX = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

let lastMs = -1;
let counter = 0;
/** `tttttttt-tttt-7` for `lastMs`: the part of the id that only changes with the millisecond. */
let prefix = '';

/** The offset of `count` fresh random bytes in the pool (drawn again when it runs out). */
function take(count: number): number {
  if (poolOffset + count > POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += count;
  return at;
}

/** `-vxxx-xxxxxxxxxxxx`: the variant bits (10) and 62 random bits. */
function randomTail(): string {
  const at = take(8);
  return `-${HEX[((pool[at] as number) & 0x3f) | 0x80]}${HEX[pool[at + 1] as number]}-${
    HEX[pool[at + 2] as number]
  }${HEX[pool[at + 3] as number]}${HEX[pool[at + 4] as number]}${HEX[pool[at + 5] as number]}${
    HEX[pool[at + 6] as number]
  }${HEX[pool[at + 7] as number]}`;
}

function timePrefix(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
}

/** A new UUIDv7 string, later than every id this process made before. */
export function uuidV7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    const at = take(2);
    counter = ((pool[at] as number) << 3) | ((pool[at + 1] as number) & 0x07); // < 2048: room to count up
    prefix = timePrefix(lastMs);
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
      prefix = timePrefix(lastMs);
    }
  }
  return `${prefix}${counter.toString(16).padStart(3, '0')}${randomTail()}`;
}
