import { describe, expect, it } from 'vitest';
import type { ResolvedClient } from '../../context.js';
import { trustsRedirectUri } from './redirect-trust.js';
import { clientMetadata } from './test-helpers.js';

const config = { clients: [{ clientId: 'configured-app', metadata: clientMetadata() }] };
const client = (clientId: string, kind: ResolvedClient['kind']): ResolvedClient => ({
  clientId,
  kind,
  metadata: clientMetadata(),
});

describe('trustsRedirectUri (RFC 9700 section 4.11.2)', () => {
  it('trusts a client the administrator configured', () => {
    expect(trustsRedirectUri(config, client('configured-app', 'registered'))).toBe(true);
  });

  it('does not trust a self-registered client, even with the same metadata', () => {
    expect(trustsRedirectUri(config, client('dcr-client', 'registered'))).toBe(false);
    expect(trustsRedirectUri({ clients: [] }, client('configured-app', 'registered'))).toBe(false);
  });

  it('does not trust a metadata-document client', () => {
    expect(
      trustsRedirectUri(config, client('https://tool.example/client.json', 'metadata-document')),
    ).toBe(false);
  });
});
