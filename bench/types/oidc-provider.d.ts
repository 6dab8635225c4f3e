/** The part of oidc-provider 9's API the benchmark uses (the package ships no types). */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Model {
    save(): Promise<string>;
  }

  interface GrantModel extends Model {
    addResourceScope(resource: string, scope: string): void;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    readonly Client: { find(id: string): Promise<unknown> };
    readonly Grant: new (
      payload: Record<string, unknown>,
    ) => GrantModel;
    readonly AuthorizationCode: new (
      payload: Record<string, unknown>,
    ) => Model;
  }
  // biome-ignore lint/style/noDefaultExport: the package's own export is a default one
  export default Provider;
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** oidc-provider's in-memory adapter over a given key-value store. */
  // biome-ignore lint/style/noDefaultExport: the module's own export is a default one
  export default class MemoryAdapter {
    constructor(model: string, store: Map<string, unknown>);
  }
}
