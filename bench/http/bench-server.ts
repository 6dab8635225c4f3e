/** A server under load, as a module in `servers/` starts it inside its child process. */
export interface BenchServer {
  /** The URL the load goes to: the MCP endpoint, or the authorization server's issuer. */
  readonly url: string;
  /** What to print about this server: library versions, storage, settings that matter. */
  readonly info: Record<string, unknown>;
  /** Makes `count` credentials of kind `what` (codes, refresh tokens) outside any timing. */
  prepare?: (what: string, count: number) => Promise<unknown[]>;
  close(): Promise<void>;
}

/** Every module in `servers/` exports `start`, called with the options the parent passed. */
export type StartServer = (options: Record<string, unknown>) => Promise<BenchServer>;

/** Reads a required string option. */
export function stringOption(options: Record<string, unknown>, key: string): string {
  const value = options[key];
  if (typeof value !== 'string' || value === '') throw new TypeError(`option ${key} is required`);
  return value;
}
