import { GatehouseError, type OAuthErrorCode } from '@gatehouse/errors';

/**
 * A refusal the client may see: a stable `ERR_AS_*` code, the OAuth error and a precise
 * `error_description` (the description is the message too, so logs and the wire agree).
 */
export function oauthError(
  code: `ERR_AS_${string}`,
  error: OAuthErrorCode,
  description: string,
  options: { status?: number; cause?: unknown } = {},
): GatehouseError {
  return new GatehouseError(code, description, {
    oauthError: error,
    description,
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}
