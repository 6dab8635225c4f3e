import type { ClientMetadata } from '@gatehouse/registration';
import { describe, expect, it } from 'vitest';
import type { ResolvedClient } from '../context.js';
import { clientIdentityAssured } from './client-identity.js';

function client(
  kind: ResolvedClient['kind'],
  method: string,
  redirectUris: string[],
): ResolvedClient {
  const metadata = {
    redirect_uris: redirectUris,
    token_endpoint_auth_method: method,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    application_type: 'native',
  } as ClientMetadata;
  return { clientId: 'c', metadata, kind };
}

describe('clientIdentityAssured (RFC 8252 section 8.6)', () => {
  it('assures confidential clients, whatever their redirect URIs', () => {
    for (const method of ['client_secret_basic', 'client_secret_post', 'private_key_jwt']) {
      expect(clientIdentityAssured(client('registered', method, ['http://127.0.0.1/cb']))).toBe(
        true,
      );
    }
  });

  it('never assures a public DCR client', () => {
    expect(clientIdentityAssured(client('registered', 'none', ['https://app.example/cb']))).toBe(
      false,
    );
    expect(clientIdentityAssured(client('registered', 'none', ['http://127.0.0.1/cb']))).toBe(
      false,
    );
  });

  it('assures a public CIMD client only when every redirect URI is remote https', () => {
    const cimd = (uris: string[]) =>
      clientIdentityAssured(client('metadata-document', 'none', uris));
    expect(cimd(['https://app.example/cb', 'https://app.example/cb2'])).toBe(true);
    expect(cimd(['https://app.example/cb', 'http://127.0.0.1/cb'])).toBe(false);
    expect(cimd(['com.example.app:/cb'])).toBe(false);
    expect(cimd(['https://localhost/cb'])).toBe(false);
    expect(cimd(['https://127.0.0.1/cb'])).toBe(false);
    expect(cimd(['https://[::1]/cb'])).toBe(false);
    expect(cimd([])).toBe(false);
  });

  it('does not take a loopback redirect URI in another spelling for a remote site', () => {
    const cimd = (uri: string) => clientIdentityAssured(client('metadata-document', 'none', [uri]));
    for (const uri of [
      'https://localhost./cb',
      'https://foo.localhost./cb',
      'https://[::ffff:127.0.0.1]/cb',
      'https://[::ffff:7f00:1]/cb',
      'https://127.1/cb',
      'https://0x7f000001/cb',
      'https://0.0.0.0/cb',
    ]) {
      expect(cimd(uri), uri).toBe(false);
    }
  });

  it('does not assure a redirect URI on a private or special-use address', () => {
    const cimd = (uri: string) => clientIdentityAssured(client('metadata-document', 'none', [uri]));
    expect(cimd('https://10.0.0.5/cb')).toBe(false);
    expect(cimd('https://192.168.1.2/cb')).toBe(false);
    expect(cimd('https://[fd00::1]/cb')).toBe(false);
    expect(cimd('https://93.184.215.14/cb')).toBe(true);
  });
});
