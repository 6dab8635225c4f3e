export type { PinnedFetchOptions } from './pinned-fetch.js';
export { createPinnedFetch } from './pinned-fetch.js';
export { resolveHost } from './resolve-host.js';
