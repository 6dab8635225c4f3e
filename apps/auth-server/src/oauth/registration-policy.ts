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
  const scopes = new Set<string>(['offline_access']);
  for (const resource of config.resources) for (const scope of resource.scopes) scopes.add(scope);
  return createRegistrationPolicy({ allowedScopes: [...scopes] });
}
