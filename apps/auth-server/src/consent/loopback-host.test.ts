import { describe, expect, it } from 'vitest';
import { ipLiteral, isLoopbackHostname } from './loopback-host.js';

const hostname = (uri: string) => new URL(uri).hostname;

describe('isLoopbackHostname', () => {
  it.each([
    'https://localhost/cb',
    'https://LOCALHOST/cb',
    'https://localhost./cb',
    'https://localhost../cb',
    'https://foo.localhost/cb',
    'https://foo.localhost./cb',
    'https://127.0.0.1/cb',
    'https://127.255.3.4/cb',
    'https://127.1/cb',
    'https://0x7f000001/cb',
    'https://127.0.0.1./cb',
    'https://[::1]/cb',
    'https://[0:0:0:0:0:0:0:1]/cb',
    'https://[::ffff:127.0.0.1]/cb',
    'https://[::ffff:7f00:1]/cb',
    'https://[::ffff:127.9.8.7]/cb',
    'https://0.0.0.0/cb',
    'https://[::]/cb',
  ])('%s is this device', (uri) => {
    expect(isLoopbackHostname(hostname(uri))).toBe(true);
  });

  it.each([
    'https://app.example/cb',
    'https://localhost.example/cb',
    'https://mylocalhost/cb',
    'https://128.0.0.1/cb',
    'https://10.0.0.1/cb',
    'https://[::2]/cb',
    'https://[::ffff:10.0.0.1]/cb',
    'https://[2001:db8::1]/cb',
  ])('%s is not', (uri) => {
    expect(isLoopbackHostname(hostname(uri))).toBe(false);
  });
});

describe('ipLiteral', () => {
  it('gives the address of an IP hostname and nothing for a domain name', () => {
    expect(ipLiteral('[::1]')).toBe('::1');
    expect(ipLiteral('10.1.2.3')).toBe('10.1.2.3');
    expect(ipLiteral('app.example')).toBeUndefined();
  });
});
