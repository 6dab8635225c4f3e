import { base64url } from '@gatehouse/internal';
import type { ClientMetadata } from '../client-metadata.js';

/** Metadata arrays whose order carries no meaning. */
const SET_FIELDS: ReadonlySet<string> = new Set([
  'redirect_uris',
  'grant_types',
  'response_types',
  'contacts',
]);

function canonical(value: unknown, key = ''): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    if (SET_FIELDS.has(key)) items.sort();
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        (name) =>
          `${JSON.stringify(name)}:${canonical((value as Record<string, unknown>)[name], name)}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the canonical JSON of validated metadata: equal for identical registrations. */
export async function fingerprintMetadata(metadata: ClientMetadata): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(canonical(metadata)),
  );
  return base64url(new Uint8Array(digest));
}
