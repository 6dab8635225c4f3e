import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '@gatehouse/internal';
import { afterEach, describe, expect, it } from 'vitest';

type Outcome = { body?: string; tooLarge?: true; error?: string; destroyed?: boolean };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that reads each body with `maxBytes`, reports the outcome, and answers 200. */
async function reader(
  maxBytes: number,
  before: (req: IncomingMessage) => void = () => undefined,
): Promise<{ port: number; outcomes: Promise<Outcome>[] }> {
  const outcomes: Promise<Outcome>[] = [];
  server = createServer((req: IncomingMessage, res) => {
    before(req);
    const outcome = readRequestBody(req, maxBytes, req.headers['content-length']).then(
      (body): Outcome =>
        body.tooLarge
          ? { tooLarge: true, destroyed: req.destroyed }
          : { body: new TextDecoder().decode(body.bytes) },
      (error: Error): Outcome => ({ error: error.message }),
    );
    outcomes.push(outcome);
    void outcome.then(() => {
      if (!res.destroyed) res.writeHead(200, { connection: 'close' }).end('done');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, outcomes };
}

/** Sends `parts` as a chunked body (or with `headers`), resolves with the answer's status. */
function send(
  port: number,
  parts: string[],
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

/** The shared request body reader (`@gatehouse/internal`) behind a real Node HTTP server. */
describe('readRequestBody', () => {
  it('reads a body sent in one chunk or many', async () => {
    const { port, outcomes } = await reader(64);
    expect(await send(port, ['{"a":1}'])).toBe(200);
    expect(await send(port, ['{"a"', ':', '"é"}'])).toBe(200);
    expect(await send(port, [])).toBe(200);
    expect(await Promise.all(outcomes)).toEqual([
      { body: '{"a":1}' },
      { body: '{"a":"é"}' },
      { body: '' },
    ]);
  });

  it('reads a request that was paused before the read began', async () => {
    const { port, outcomes } = await reader(64, (req) => req.pause());
    expect(await send(port, ['{"a"', ':1}'])).toBe(200);
    expect(await outcomes[0]).toEqual({ body: '{"a":1}' });
  });

  it('refuses a declared length over the cap without reading, and the answer still gets out', async () => {
    const { port, outcomes } = await reader(8);
    const body = 'x'.repeat(9);
    expect(await send(port, [body], { 'content-length': String(body.length) })).toBe(200);
    expect(await outcomes[0]).toEqual({ tooLarge: true, destroyed: false });
  });

  it('stops at the cap on a streamed body: paused, not destroyed, so the answer still gets out', async () => {
    const { port, outcomes } = await reader(1024);
    expect(await send(port, ['x'.repeat(1000), 'y'.repeat(1000)])).toBe(200);
    expect(await outcomes[0]).toEqual({ tooLarge: true, destroyed: false });
  });

  it('rejects when the client goes away before the body ends', async () => {
    const { port, outcomes } = await reader(1024);
    await new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST' });
      req.on('error', () => resolve());
      req.write('{"partial":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await expect(outcomes[0]).resolves.toHaveProperty('error');
  });
});
