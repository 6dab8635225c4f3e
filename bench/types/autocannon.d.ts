/** The part of autocannon 8's API the HTTP harness uses (the package ships no types). */
declare module 'autocannon' {
  interface RequestData {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  interface Request extends RequestData {
    /** Called before each request is sent; returns the request to send. */
    setupRequest?: (request: RequestData & { headers: Record<string, string> }) => RequestData;
  }

  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Stop after this many requests (instead of `duration`). */
    amount?: number;
    /** Seconds before a request times out. */
    timeout?: number;
    /** Milliseconds between samples; a run ends on the first sample tick after it is over. */
    sampleInt?: number;
    headers?: Record<string, string>;
    method?: string;
    requests?: Request[];
  }

  interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    duration: number;
    requests: { total: number; sent: number };
  }

  interface Instance extends PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
    ): void;
    on(event: 'start', listener: () => void): void;
    stop(): void;
  }

  function autocannon(options: Options): Instance;
  // biome-ignore lint/style/noDefaultExport: the package's own export is a default one
  export default autocannon;
}
