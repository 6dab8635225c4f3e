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
    expect(filter.track([list(1), list(2, 'tools/call')], onlyWeather)).toBeUndefined();
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
    expect(filter.track([cancel, list(3)], onlyWeather)).toBeUndefined();
    expect(filter.pending).toBe(2);
  });
});
