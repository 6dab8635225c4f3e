/** One GET request of a {@link PinnedFetch}. */
export interface PinnedFetchRequest {
  /** The URL to request; its host name is used for TLS (SNI and certificate check) and `Host`. */
  url: string;
  /** The already-checked IP address to connect to. The host name must not be resolved again. */
  address: string;
  /** Budget for connecting, the response head and the whole body, in milliseconds. */
  timeoutMs: number;
  /** Stop reading (and reject with `ERR_CIMD_TOO_LARGE`) as soon as the body exceeds this. */
  maxBytes: number;
}

/** What a {@link PinnedFetch} returns: the raw response, never followed if it is a redirect. */
export interface PinnedFetchResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * An HTTPS GET that connects only to the address it is given (DNS pinning), follows no redirect, caps
 * the body while streaming and enforces the timeout, rejecting with a `MetadataDocumentError`
 * (`ERR_CIMD_TIMEOUT`, `ERR_CIMD_TOO_LARGE`, `ERR_CIMD_FETCH_FAILED`). The Node implementation is
 * `createPinnedFetch` in `@gatehouse/registration/node`.
 */
export type PinnedFetch = (request: PinnedFetchRequest) => Promise<PinnedFetchResponse>;

/**
 * Resolves a host name to every address it has (IPv4 and IPv6). The Node implementation is
 * `resolveHost` in `@gatehouse/registration/node`.
 */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;
