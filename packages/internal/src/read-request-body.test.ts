import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict, type RequestStream, readContextBody, readRequestBody } from './index.js';

type Listener = (argument: never) => void;

/** A request stream driven by hand: it records its listeners and whether it was paused. */
class FakeRequest implements RequestStream {
  readableEnded = false;
  paused = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    return this;
  }

  emit(event: string, argument?: unknown): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (a: unknown) => void)(argument);
  }

  listening(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readRequestBody', () => {
  it('reads a body in one chunk (uncopied) or many, bytes or strings', async () => {
    const one = new FakeRequest();
    const chunk = bytes('{"a":1}');
    const first = readRequestBody(one, 64);
    one.emit('data', chunk);
    one.emit('end');
    const result = await first;
    expect(result.tooLarge === false && result.bytes).toBe(chunk);
    expect(one.listening()).toBe(0);

    const many = new FakeRequest();
    const second = readRequestBody(many, 64);
    many.emit('data', bytes('{"a"'));
    many.emit('data', ':"é');
    many.emit('data', bytes('"}'));
    many.emit('end');
    const body = await second;
    expect(body.tooLarge === false && decodeUtf8Strict(body.bytes)).toBe('{"a":"é"}');
  });

  it('resumes a request something paused before, so that its data flows', () => {
    const req = new FakeRequest();
    req.pause();
    void readRequestBody(req, 8);
    expect(req.paused).toBe(false);
  });

  it('is empty for a request whose body was already read', async () => {
    const ended = new FakeRequest();
    ended.readableEnded = true;
    expect(await readRequestBody(ended, 8)).toEqual({ tooLarge: false, bytes: new Uint8Array() });
    expect(ended.listening()).toBe(0);
  });

  it('refuses a declared length over the cap without listening at all', async () => {
    const req = new FakeRequest();
    expect(await readRequestBody(req, 8, '9')).toEqual({ tooLarge: true });
    expect(req.listening()).toBe(0);
    expect(req.paused).toBe(false);
  });

  it('accepts a body of exactly the cap, declared and streamed', async () => {
    const req = new FakeRequest();
    const read = readRequestBody(req, 4, '4');
    req.emit('data', bytes('ab'));
    req.emit('data', bytes('cd'));
    req.emit('end');
    expect(await read).toMatchObject({ tooLarge: false });
  });

  it('stops at the first chunk past the cap: paused, listeners gone, whatever the declared length', async () => {
    const req = new FakeRequest();
    const read = readRequestBody(req, 4, '3');
    req.emit('data', bytes('abc'));
    req.emit('data', bytes('de'));
    expect(await read).toEqual({ tooLarge: true });
    expect(req.paused).toBe(true);
    expect(req.listening()).toBe(0);
    req.emit('data', bytes('more'));
    req.emit('end');
  });

  it('counts bytes, not characters, of a string chunk', async () => {
    const req = new FakeRequest();
    const read = readRequestBody(req, 3);
    req.emit('data', 'éé');
    expect(await read).toEqual({ tooLarge: true });
  });

  it('rejects when the request fails or closes before its end', async () => {
    const failing = new FakeRequest();
    const failed = readRequestBody(failing, 64);
    failing.emit('data', bytes('{'));
    failing.emit('error', new Error('socket hang up'));
    await expect(failed).rejects.toThrow('socket hang up');
    expect(failing.listening()).toBe(0);

    const closing = new FakeRequest();
    const closed = readRequestBody(closing, 64);
    closing.emit('close');
    await expect(closed).rejects.toThrow('the request closed before its body ended');
    expect(closing.listening()).toBe(0);
  });
});

describe('readContextBody', () => {
  /** A Koa-like context over a hand-driven request, recording the headers set on the answer. */
  function context(headers: Record<string, string> = {}) {
    const req = new FakeRequest();
    const set: Record<string, string> = {};
    const ctx = {
      req,
      get: (field: string) => headers[field] ?? '',
      set: (field: string, value: string) => {
        set[field] = value;
      },
    };
    return { ctx, req, set };
  }

  it('reads the body and leaves the answer alone', async () => {
    const { ctx, req, set } = context({ 'content-length': '2' });
    const read = readContextBody(ctx, 8);
    req.emit('data', bytes('{}'));
    req.emit('end');
    expect(await read).toMatchObject({ tooLarge: false });
    expect(set).toEqual({});
  });

  it('refuses the declared Content-Length over the cap and marks the answer Connection: close', async () => {
    const { ctx, req, set } = context({ 'content-length': '9' });
    expect(await readContextBody(ctx, 8)).toEqual({ tooLarge: true });
    expect(req.listening()).toBe(0);
    expect(set).toEqual({ Connection: 'close' });
  });

  it('marks the answer Connection: close when a streamed body passes the cap', async () => {
    const { ctx, req, set } = context();
    const read = readContextBody(ctx, 4);
    req.emit('data', bytes('abcde'));
    expect(await read).toEqual({ tooLarge: true });
    expect(req.paused).toBe(true);
    expect(set).toEqual({ Connection: 'close' });
  });
});
