import { MetadataDocumentError } from './cimd-errors.js';
import { splitAuthority } from './internal/uri-parts.js';

const MAX_LENGTH = 2000;
/** A `.` or `..` path segment, also percent-encoded (`%2e`), which URL parsers resolve away. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=[/?]|$)/i;

/**
 * Whether `clientId` has the shape of a Client ID Metadata Document URL (an `https://` URL), so the
 * authorization server should resolve it rather than look it up in its client store. It says nothing
 * about validity: {@link parseClientIdUrl} does.
 *
 * @example
 * ```ts
 * import { isClientIdMetadataDocumentUrl } from '@gatehouse/registration';
 * isClientIdMetadataDocumentUrl('https://app.example/oauth/client.json'); // true
 * isClientIdMetadataDocumentUrl('8Z0Jb6w7Wf2yPp4nRrS1aQ'); // false
 * ```
 */
export function isClientIdMetadataDocumentUrl(clientId: unknown): clientId is string {
  return typeof clientId === 'string' && clientId.startsWith('https://');
}

/**
 * Checks a `client_id` that is a metadata document URL (CIMD draft section 3) and returns it parsed:
 * https, a host, a path other than `/`, no userinfo, no fragment, no `.` or `..` segments (also
 * `%2e`-encoded), at most 2000 characters, and already in canonical form (the URL parser would not
 * change it: lower-case host, no default port...), because the `client_id` is compared as a string.
 * Throws a {@link MetadataDocumentError}.
 *
 * @example
 * ```ts
 * import { parseClientIdUrl } from '@gatehouse/registration';
 *
 * parseClientIdUrl('https://app.example/oauth/client.json').hostname; // 'app.example'
 * parseClientIdUrl('https://app.example/a/../client.json'); // throws ERR_CIMD_URL_DOT_SEGMENT
 * ```
 */
export function parseClientIdUrl(clientId: unknown): URL {
  if (typeof clientId !== 'string' || !URL.canParse(clientId)) {
    throw new MetadataDocumentError('ERR_CIMD_URL_INVALID', 'client_id is not a URL');
  }
  if (clientId.length > MAX_LENGTH) {
    throw new MetadataDocumentError(
      'ERR_CIMD_URL_TOO_LONG',
      `client_id is over ${MAX_LENGTH} characters`,
    );
  }
  if (!clientId.startsWith('https://')) {
    throw new MetadataDocumentError('ERR_CIMD_URL_NOT_HTTPS', 'client_id URL must use https');
  }
  if (clientId.includes('#')) {
    throw new MetadataDocumentError(
      'ERR_CIMD_URL_FRAGMENT',
      'client_id URL must not have a fragment',
    );
  }
  if (splitAuthority(clientId)?.userinfo !== undefined) {
    throw new MetadataDocumentError(
      'ERR_CIMD_URL_USERINFO',
      'client_id URL must not contain userinfo',
    );
  }
  const slash = clientId.indexOf('/', 'https://'.length);
  const path = slash < 0 ? '' : clientId.slice(slash).replace(/\?.*$/s, '');
  if (DOT_SEGMENT.test(path) || path.includes('\\')) {
    throw new MetadataDocumentError(
      'ERR_CIMD_URL_DOT_SEGMENT',
      'client_id URL must not have dot segments',
    );
  }
  const url = new URL(clientId);
  if (url.pathname === '/' || url.pathname === '') {
    throw new MetadataDocumentError('ERR_CIMD_URL_NO_PATH', 'client_id URL must have a path');
  }
  if (url.href !== clientId) {
    throw new MetadataDocumentError(
      'ERR_CIMD_URL_NOT_CANONICAL',
      'client_id URL must be in canonical form (lower-case host, no default port, encoded characters)',
    );
  }
  return url;
}
