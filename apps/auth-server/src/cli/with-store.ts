import type { AuthServerConfig } from '../context.js';
import { createStore, storeUrl } from '../store/index.js';
import type { AuthStore } from '../store/types.js';

/** Seconds since the epoch, for the CLI's commands. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Opens the configuration's store (migrations run), runs `run`, closes it; resolves to exit code 0. */
export async function withStore(
  config: AuthServerConfig,
  run: (store: AuthStore) => Promise<void>,
): Promise<number> {
  const store = await createStore({ url: storeUrl(config) });
  try {
    await run(store);
    return 0;
  } finally {
    await store.close();
  }
}
