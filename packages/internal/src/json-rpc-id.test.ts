import { describe, expect, it } from 'vitest';
import { jsonRpcRequestId } from './json-rpc-id.js';

describe('jsonRpcRequestId', () => {
  it('is the id of a single request, a string or a number', () => {
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: 9, method: 'tools/call' })).toBe(9);
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: 'a', method: 'ping' })).toBe('a');
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: 0, method: 'ping' })).toBe(0);
  });

  it('is null for a batch, a notification, a response or anything that is not a request', () => {
    expect(jsonRpcRequestId([{ jsonrpc: '2.0', id: 1, method: 'ping' }])).toBeNull();
    expect(jsonRpcRequestId({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBeNull();
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: 1, result: {} })).toBeNull();
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: null, method: 'ping' })).toBeNull();
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: { x: 1 }, method: 'ping' })).toBeNull();
    expect(jsonRpcRequestId({ jsonrpc: '2.0', id: Number.NaN, method: 'ping' })).toBeNull();
    expect(jsonRpcRequestId(null)).toBeNull();
    expect(jsonRpcRequestId('{"id":1}')).toBeNull();
    expect(jsonRpcRequestId(undefined)).toBeNull();
  });
});
