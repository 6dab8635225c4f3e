import { createRegistrationPolicy, type RegistrationPolicy } from '@gatehouse/registration';
import type { AuthServerConfig } from '../context.js';

/**
 * The rules for DCR registrations and CIMD documents: scopes within what some resource allows (plus
 * `offline_access`, which MCP clients may list), all four authentication methods, and the package
 * defaults for grants (no `client_credentials` for self-registered clients), caps and expiry.
 */
export function registrationPolicyFor(
  config: Pick<AuthServerConfig, 'resources'>,
): RegistrationPolicy {
  return createRegistrationPolicy({ allowedScopes: allowedScopes(config) });
}

/**
 * The rules for clients an administrator sets up (`gatehouse-auth clients add`, the configuration's
 * `clients`): as for DCR, plus the `client_credentials` grant (which DCR refuses by design), with
 * no deduplication, no expiry and no cap.
 */
export function preRegisteredClientPolicy(
  config: Pick<AuthServerConfig, 'resources'>,
): RegistrationPolicy {
  return createRegistrationPolicy({
    allowedScopes: allowedScopes(config),
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    deduplicate: false,
    unusedClientTtlSeconds: 0,
    clientSecretTtlSeconds: 0,
    maxActiveClients: 0,
  });
}

function allowedScopes(config: Pick<AuthServerConfig, 'resources'>): string[] {
  const scopes = new Set<string>(['offline_access']);
  for (const resource of config.resources) for (const scope of resource.scopes) scopes.add(scope);
  return [...scopes];
}
