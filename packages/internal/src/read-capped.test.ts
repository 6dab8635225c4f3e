import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BodySource, decodeUtf8Strict, readCapped } from './index.js';

const encoder = new TextEncoder();

/** A stream over `chunks` that records how far it was pulled and whether it was cancelled. */
function trackedStream(chunks: readonly Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  pulled: () => number;
  cancelled: () => boolean;
} {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => index, cancelled: () => cancelled };
}

/** An async iterable over `chunks` that records whether it was returned early. */
function trackedIterable(chunks: ReadonlyArray<Uint8Array | string>): {
  iterable: AsyncIterable<Uint8Array | string>;
  returned: () => boolean;
} {
  let returned = false;
  const iterable: AsyncIterable<Uint8Array | string> = {
    [Symbol.asyncIterator]() {
      let index = 0;
      return {
        next: async () =>
          index < chunks.length
            ? { done: false, value: chunks[index++] as Uint8Array | string }
            : { done: true, value: undefined },
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, returned: () => returned };
}

async function bytesOf(source: BodySource | null, max: number, declared?: string | null) {
  const body = await readCapped(source, max, declared);
  return body.tooLarge ? 'too large' : Array.from(body.bytes);
}

describe('readCapped', () => {
  it('joins the chunks of a stream or an iterable (strings as UTF-8)', async () => {
    const { stream } = trackedStream([encoder.encode('ab'), encoder.encode('c')]);
    expect(await bytesOf(stream, 3)).toEqual([0x61, 0x62, 0x63]);
    const { iterable } = trackedIterable([encoder.encode('a'), 'é']);
    expect(await bytesOf(iterable, 3)).toEqual([0x61, 0xc3, 0xa9]);
    expect(await bytesOf(null, 0)).toEqual([]);
  });

  it('refuses an over-cap declared length without reading, cancelling the stream', async () => {
    const tracked = trackedStream([encoder.encode('a')]);
    expect(await bytesOf(tracked.stream, 10, '11')).toBe('too large');
    expect(tracked.pulled()).toBeLessThanOrEqual(1); // at most the start-up pull, never read
    expect(tracked.cancelled()).toBe(true);
    const iterated = trackedIterable(['a']);
    expect(await bytesOf(iterated.iterable, 10, '11')).toBe('too large');
    expect(iterated.returned()).toBe(false);
  });

  it('ignores an absent or unparsable declared length and counts instead', async () => {
    for (const declared of [null, undefined, '', 'abc']) {
      expect(await bytesOf(trackedStream([encoder.encode('abcd')]).stream, 3, declared)).toBe(
        'too large',
      );
      expect(await bytesOf(trackedStream([encoder.encode('abc')]).stream, 3, declared)).toEqual([
        0x61, 0x62, 0x63,
      ]);
    }
  });

  it('stops at the first chunk past the cap when the declared length lies', async () => {
    const chunks = Array.from({ length: 100 }, () => encoder.encode('0123456789'));
    const tracked = trackedStream(chunks);
    expect(await bytesOf(tracked.stream, 25, '5')).toBe('too large');
    expect(tracked.pulled()).toBeLessThan(10);
    expect(tracked.cancelled()).toBe(true);
    const iterated = trackedIterable(chunks);
    expect(await bytesOf(iterated.iterable, 25)).toBe('too large');
    expect(iterated.returned()).toBe(true);
  });

  it('property: returns the bytes exactly when their total is within the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.nat({ max: 200 }),
        async (chunks, max) => {
          const all = chunks.flatMap((chunk) => Array.from(chunk));
          const expected = all.length > max ? 'too large' : all;
          expect(await bytesOf(trackedStream(chunks).stream, max)).toEqual(expected);
          expect(await bytesOf(trackedIterable(chunks).iterable, max)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('decodeUtf8Strict', () => {
  it('decodes UTF-8 and refuses malformed sequences', () => {
    expect(decodeUtf8Strict(encoder.encode('hé'))).toBe('hé');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      expect(() => decodeUtf8Strict(new Uint8Array(bad))).toThrow(TypeError);
    }
  });
});
