import { lookup } from 'node:dns/promises';
import type { ResolveHost } from '../pinned-fetch.js';

/**
 * The Node DNS lookup for `resolveClientIdMetadataDocument`: every IPv4 and IPv6 address of
 * `hostname`, as the operating system resolver returns them (`/etc/hosts` included), in its order.
 *
 * @example
 * ```ts
 * import { resolveHost } from '@gatehouse/registration/node';
 * await resolveHost('localhost'); // ['127.0.0.1', '::1'] (or the reverse)
 * ```
 */
export const resolveHost: ResolveHost = async (hostname) => {
  if (typeof hostname !== 'string' || hostname === '') {
    throw new TypeError('resolveHost: hostname must be a non-empty string');
  }
  const records = await lookup(hostname, { all: true, verbatim: true });
  return records.map((record) => record.address);
};
