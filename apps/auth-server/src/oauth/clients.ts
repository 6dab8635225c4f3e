import {
  createMemoryMetadataDocumentCache,
  createMetadataDocumentResolver,
  isClientIdMetadataDocumentUrl,
  type PinnedFetch,
  type RegistrationPolicy,
  type ResolveHost,
} from '@gatehouse/registration';
import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
import type { AuthServerConfig, ClientResolver, ResolvedClient } from '../context.js';
import type { AuthStore } from '../store/types.js';
import { limitDocumentLookups } from './document-lookups.js';

/** Longest registered `client_id` looked up (CIMD URLs are capped at 2000 by the package). */
const MAX_CLIENT_ID_LENGTH = 2048;

/** Options of {@link createClientResolver}. */
export interface ClientResolverOptions {
  config: Pick<AuthServerConfig, 'cimdAllowPrivateOrigins' | 'cimdCaCertificates'>;
  store: Pick<AuthStore, 'clients'>;
  policy: RegistrationPolicy;
  /** The pinned fetch; default `createPinnedFetch` (with `cimdCaCertificates` as its only roots). */
  fetch?: PinnedFetch;
  /** Default `resolveHost` from `@gatehouse/registration/node`. */
  resolveHost?: ResolveHost;
}

/** The pinned fetch every outbound request for a client-chosen URL goes through (CIMD, `jwks_uri`). */
export function pinnedFetchFor(config: Pick<AuthServerConfig, 'cimdCaCertificates'>): PinnedFetch {
  const ca = config.cimdCaCertificates;
  return createPinnedFetch(ca === undefined || ca.length === 0 ? {} : { ca: [...ca] });
}

/**
 * Looks clients up: an `https://` id is a Client ID Metadata Document, fetched through the package's
 * SSRF-safe resolver (resolve, check every address, pin, cap, no redirects) and cached per its
 * `Cache-Control`, within the limits of `limitDocumentLookups` (shared fetches, failures refused for
 * a while, the requester's budget, a bound on fetches at once); any other id is a DCR registration
 * from the store (expired ones are unknown).
 * Unknown ids resolve to `undefined`; an unusable document rejects with a `MetadataDocumentError`
 * (`invalid_client`).
 */
export function createClientResolver(options: ClientResolverOptions): ClientResolver {
  const { config, store, policy } = options;
  const cache = createMemoryMetadataDocumentCache();
  const resolveDocument = limitDocumentLookups(
    createMetadataDocumentResolver({
      fetch: options.fetch ?? pinnedFetchFor(config),
      resolveHost: options.resolveHost ?? resolveHost,
      policy,
      cache,
      allowPrivateOrigins: config.cimdAllowPrivateOrigins,
    }),
    cache,
    Date.now,
  );
  return {
    async resolve(clientId, now, budget): Promise<ResolvedClient | undefined> {
      if (typeof clientId !== 'string' || clientId === '') return undefined;
      const documentUrl: boolean = isClientIdMetadataDocumentUrl(clientId);
      if (documentUrl) {
        const document = await resolveDocument(clientId, budget);
        return { clientId, metadata: document.metadata, kind: 'metadata-document' };
      }
      if (clientId.length > MAX_CLIENT_ID_LENGTH) return undefined;
      const record = await store.clients.get(clientId, now);
      if (record === undefined) return undefined;
      return { clientId, metadata: record.metadata, kind: 'registered', record };
    },
  };
}
