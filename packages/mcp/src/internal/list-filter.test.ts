import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createListFilter, type ListResultFilter } from './list-filter.js';

const onlyWeather: ListResultFilter = <T>(method: string, result: T): T =>
  method === 'tools/list'
    ? ({
        ...result,
        tools: (result as { tools: { name: string }[] }).tools.filter((t) => t.name === 'weather'),
      } as T)
    : result;

function setup(maxPending = 4) {
  const sent: JSONRPCMessage[] = [];
  const transport = {
    send: async (message: JSONRPCMessage) => {
      sent.push(message);
    },
  };
  const filter = createListFilter(maxPending);
  filter.install(transport);
  return { sent, transport, filter };
}
const list = (
  id: number | string,
  method = 'tools/list',
  params: Record<string, unknown> = {},
) => ({
  jsonrpc: '2.0' as const,
  id,
  method,
  params,
});
const tools = { tools: [{ name: 'weather' }, { name: 'shell' }] };

describe('createListFilter', () => {
  it('filters the response to a tracked list request, once, and passes everything else', async () => {
    const { sent, transport, filter } = setup();
    expect(filter.track([list(1), list(2, 'tools/call')], onlyWeather)).toHaveProperty('release');
    expect(filter.pending).toBe(1);
    await transport.send({ jsonrpc: '2.0', id: 2, result: tools });
    await transport.send({ jsonrpc: '2.0', id: 1, result: tools });
    await transport.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    expect(sent[0]).toEqual({ jsonrpc: '2.0', id: 2, result: tools });
    expect(sent[1]).toEqual({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'weather' }] } });
    expect(filter.pending).toBe(0);
  });

  it('clears an entry on an error response', async () => {
    const { transport, filter } = setup();
    filter.track([list('a')], onlyWeather);
    await transport.send({ jsonrpc: '2.0', id: 'a', error: { code: -32603, message: 'x' } });
    expect(filter.pending).toBe(0);
  });

  it('refuses an id already in flight, or twice in one batch, and a task-augmented list', () => {
    const { filter } = setup();
    filter.track([list(1)], onlyWeather);
    expect(filter.track([list(1, 'prompts/list')], onlyWeather)).toBe('duplicate');
    expect(filter.track([list(2), list(2)], onlyWeather)).toBe('duplicate');
    expect(filter.track([list(3, 'tools/list', { task: { ttl: 10 } })], onlyWeather)).toBe('task');
    const related = { _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } };
    expect(filter.track([list(4, 'tools/list', related)], onlyWeather)).toBe('task');
    expect(filter.pending).toBe(1);
  });

  it('bounds the requests in flight; only cancelled ones make room', () => {
    const { filter } = setup(2);
    filter.track([list(1), list(2)], onlyWeather);
    expect(filter.track([list(3)], onlyWeather)).toBe('limit');
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    expect(filter.track([cancel, list(3)], onlyWeather)).toHaveProperty('release');
    expect(filter.pending).toBe(2);
  });

  it('refuses a request of any method sharing an id with a list in the body or in flight', async () => {
    const { sent, transport, filter } = setup();
    const ping = (id: number | string) => ({ jsonrpc: '2.0', id, method: 'ping' });
    // a ping answered first under the list's id would take the list's filter: the list went out whole
    expect(filter.track([ping(7), list(7), ping(8)], onlyWeather)).toBe('duplicate');
    expect(filter.track([list(7), ping(7)], onlyWeather)).toBe('duplicate');
    expect(filter.pending).toBe(0);
    expect(filter.inFlight).toBe(0);
    // across requests: a slow call in flight, then a list under its id (and the reverse)
    filter.track([list(9, 'tools/call')], onlyWeather);
    expect(filter.track([list(9)], onlyWeather)).toBe('duplicate');
    filter.track([list(10)], onlyWeather);
    expect(filter.track([ping(10)], onlyWeather)).toBe('duplicate');
    await transport.send({ jsonrpc: '2.0', id: 10, result: tools });
    expect(sent.at(-1)).toEqual({
      jsonrpc: '2.0',
      id: 10,
      result: { tools: [{ name: 'weather' }] },
    });
    // once answered, an id may be used again
    expect(filter.track([ping(10)], onlyWeather)).toHaveProperty('release');
  });

  it('forgets the requests of a body the transport never dispatched', () => {
    const { filter } = setup();
    const tracked = filter.track([list(1), list(2, 'tools/call')], onlyWeather);
    if (typeof tracked === 'string') throw new Error(tracked);
    expect(filter.inFlight).toBe(2);
    tracked.release();
    expect(filter.inFlight).toBe(0);
    expect(filter.pending).toBe(0);
    expect(filter.track([list(1)], onlyWeather)).toHaveProperty('release');
  });

  it('bounds the requests of any method in flight; a cancellation after its request makes room', () => {
    const sent: JSONRPCMessage[] = [];
    const filter = createListFilter(4, 3);
    filter.install({ send: async (message: JSONRPCMessage) => void sent.push(message) });
    const call = (id: number) => list(id, 'tools/call');
    const cancel = (requestId: number) => ({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId },
    });
    expect(filter.track([call(1), call(2), call(3)], onlyWeather)).toHaveProperty('release');
    expect(filter.track([call(4)], onlyWeather)).toBe('limit');
    // a cancellation sent before its request does not abort it in the SDK: no room
    expect(filter.track([cancel(5), call(5), call(6)], onlyWeather)).toBe('limit');
    // a call cancelled in its own body is aborted by the SDK: it never answers
    expect(filter.track([cancel(1), call(4)], onlyWeather)).toHaveProperty('release');
    expect(filter.inFlight).toBe(3);
  });
});
