import { GatehouseError } from '@gatehouse/errors';
import type {
  MetadataDocumentCache,
  MetadataDocumentResolver,
  ResolvedMetadataDocument,
} from '@gatehouse/registration';
import type { FetchBudget } from '../context.js';

/** Limits on fetching Client ID Metadata Documents, which anyone can ask for with one GET. */
export interface DocumentLookupLimits {
  /** Distinct documents fetched at the same time, at most; default 32. */
  maxFetches: number;
  /** How long a document that could not be used is refused without fetching it again; default 30 s. */
  failureSeconds: number;
  /** Failed documents remembered at most, the oldest forgotten first; default 1000. */
  maxFailures: number;
}

export const DOCUMENT_LOOKUP_LIMITS: DocumentLookupLimits = {
  maxFetches: 32,
  failureSeconds: 30,
  maxFailures: 1000,
};

/** A metadata document lookup that spends `budget` only when it starts a fetch. */
export type LimitedDocumentResolver = (
  url: string,
  budget?: FetchBudget,
) => Promise<ResolvedMetadataDocument>;

/**
 * Wraps the metadata document resolver so that a flood of anonymous requests naming documents cannot
 * make this server fetch without bound: a cached document is answered as before; requests for a
 * document being fetched share that fetch; a document that failed is refused with the same error for
 * `failureSeconds` (the package caches only successes); a new fetch first spends the requester's
 * `budget` (which rejects to refuse it); and no more than `maxFetches` documents are fetched at
 * once: beyond that, `ERR_AS_CLIENT_LOOKUPS_BUSY` (503 `temporarily_unavailable`).
 */
export function limitDocumentLookups(
  resolve: MetadataDocumentResolver,
  cache: MetadataDocumentCache,
  clock: () => number,
  limits: DocumentLookupLimits = DOCUMENT_LOOKUP_LIMITS,
): LimitedDocumentResolver {
  const fetching = new Map<string, Promise<ResolvedMetadataDocument>>();
  const failures = new Map<string, { error: unknown; until: number }>();

  function rememberFailure(url: string, error: unknown): void {
    failures.delete(url);
    if (failures.size >= limits.maxFailures) {
      const oldest = failures.keys().next();
      if (!oldest.done) failures.delete(oldest.value);
    }
    failures.set(url, { error, until: clock() + limits.failureSeconds * 1000 });
  }

  /** Spends the budget, then fetches; a document that fails is remembered (a refused budget is not). */
  async function fetchOnce(url: string, budget: FetchBudget | undefined) {
    await budget?.();
    try {
      return await resolve(url);
    } catch (error) {
      rememberFailure(url, error);
      throw error;
    }
  }

  return async (url, budget) => {
    const cached = await cache.get(url);
    // entries are stored only under the URL they were fetched from, as the package's resolver does
    if (cached !== undefined && cached.expiresAt * 1000 > clock()) return cached;
    // no await from here until the fetch is registered, so lookups at the same moment share it
    const failure = failures.get(url);
    if (failure !== undefined) {
      if (failure.until > clock()) throw failure.error;
      failures.delete(url);
    }
    const shared = fetching.get(url);
    if (shared !== undefined) return shared;
    if (fetching.size >= limits.maxFetches) {
      throw new GatehouseError(
        'ERR_AS_CLIENT_LOOKUPS_BUSY',
        `${fetching.size} client metadata documents are being fetched already`,
        {
          oauthError: 'temporarily_unavailable',
          description: 'the client metadata document cannot be fetched now; retry later',
          status: 503,
        },
      );
    }
    const fetched = fetchOnce(url, budget).finally(() => fetching.delete(url));
    fetching.set(url, fetched);
    return fetched;
  };
}
