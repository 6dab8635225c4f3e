import { describe, expect, it } from 'vitest';
import type { ResolvedClient } from '../context.js';
import { clientMetadata } from '../routes/authorize/test-helpers.js';
import { summarizeClient } from './client-summary.js';

function client(
  kind: ResolvedClient['kind'],
  overrides: Parameters<typeof clientMetadata>[0] = {},
  clientId = 'abc',
): ResolvedClient {
  return { clientId, kind, metadata: clientMetadata(overrides) };
}

describe('summarizeClient', () => {
  it('warns that a DCR client identity is self-asserted', () => {
    const summary = summarizeClient(client('registered'), 'http://127.0.0.1:7777/callback');
    expect(summary.warnings.join(' ')).toMatch(/self-asserted/);
  });

  it('warns for a CIMD client whose redirect URIs are all on this device', () => {
    const local = client(
      'metadata-document',
      { redirect_uris: ['http://127.0.0.1/cb', 'http://localhost:3000/cb'] },
      'https://tool.example/client.json',
    );
    expect(summarizeClient(local, 'http://127.0.0.1:5000/cb').warnings.join(' ')).toMatch(
      /Any program on this device/,
    );
    const web = client(
      'metadata-document',
      { redirect_uris: ['https://tool.example/cb'] },
      'https://tool.example/client.json',
    );
    expect(summarizeClient(web, 'https://tool.example/cb').warnings).toEqual([]);
  });

  it('recognizes this device in every spelling: trailing dot, *.localhost, IPv4-mapped IPv6', () => {
    for (const uri of [
      'https://localhost./cb',
      'https://foo.localhost./cb',
      'https://[::ffff:127.0.0.1]/cb',
    ]) {
      const local = client(
        'metadata-document',
        { redirect_uris: [uri] },
        'https://tool.example/client.json',
      );
      const summary = summarizeClient(local, uri);
      expect(summary.redirectLocal, uri).toBe(true);
      expect(summary.redirectHost, uri).toMatch(/an app on this device/);
      expect(summary.warnings.join(' '), uri).toMatch(/Any program on this device/);
    }
  });

  it('shows the redirect host, and marks loopback and private-use schemes as this device', () => {
    expect(
      summarizeClient(client('registered'), 'https://app.example.com:8443/cb').redirectHost,
    ).toBe('app.example.com:8443');
    const loopback = summarizeClient(client('registered'), 'http://127.0.0.1:7777/callback');
    expect(loopback.redirectHost).toBe('127.0.0.1 (an app on this device)');
    expect(loopback.redirectLocal).toBe(true);
    expect(summarizeClient(client('registered'), 'com.example.app:/oauth').redirectHost).toContain(
      '“com.example.app:”',
    );
  });

  it('neutralizes the name, and falls back to the document host when a CIMD client has none', () => {
    expect(
      summarizeClient(
        client('registered', { client_name: 'Good\u202Eevil' }),
        'http://127.0.0.1/cb',
      ).name,
    ).toBe('Good\ufffdevil');
    const unnamed = client('metadata-document', {}, 'https://tool.example/client.json');
    delete unnamed.metadata.client_name;
    expect(summarizeClient(unnamed, 'http://127.0.0.1/cb').name).toBe('tool.example');
    const blank = client('registered', { client_name: '\u202E\u202E' });
    expect(summarizeClient(blank, 'http://127.0.0.1/cb').name).toBe('\ufffd\ufffd');
  });
});
