import autocannon from 'autocannon';

/** What one request of a load run sends; `next()` is called once per request sent. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  /** The path (and query) on the server under load. */
  path: string;
  /** Called for each request: its headers and body (a token or a code that changes per request). */
  next: () => { headers: Record<string, string>; body?: string };
}

/** How long and how hard a load run is: a duration or a fixed number of requests. */
export interface LoadShape {
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSeconds?: number;
  /** Stop after this many requests (for workloads that consume a pre-made credential each). */
  amount?: number;
}

/**
 * The outcome of one load run. Latencies are in milliseconds, from every answer but the first on
 * each connection (see {@link LoadResult.rampUpMs}).
 */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The slowest first answer on a connection. Every run opens its connections at once, and a busy
   * server answers their first requests over a spell that grows with the connections and its cost
   * per request (at 100 connections, 3.4 s for a bare server spending 0.6 ms a request): those
   * answers are the connection ramp-up, which a server with long-lived clients goes through once,
   * not a latency of its steady state, so they are reported here instead of in the percentiles.
   */
  rampUpMs: number;
  /** Answers with a 2xx status. */
  ok: number;
  /** Answers with another status, transport errors and timeouts: a run with any is not valid. */
  failed: number;
  /** The first unexpected status seen, for the error message. */
  firstBadStatus?: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

/**
 * Waits until the server has worked off what the run left it: requests whose connections autocannon
 * closed at the end are still processed, and would slow the next run down. One probe request queues
 * behind them; its answer (any status) means the server is idle again.
 */
async function settle(origin: string): Promise<void> {
  try {
    const response = await fetch(`${origin}/bench-settle`, { signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
  } catch {
    // a server that does not answer fails the next run visibly
  }
}

/**
 * Sends HTTP load with autocannon to a server on the loopback interface (`origin` must be a
 * loopback `http:` origin). Each request's latency is recorded at full resolution (autocannon's own
 * histogram rounds to whole milliseconds), the first answer on each connection apart (`rampUpMs`),
 * and throughput is the 2xx answers over the time from the start to the last answer. Bounded: a
 * duration or an amount, and a 10-second timeout per request.
 */
export async function runLoad(
  origin: string,
  request: LoadRequest,
  shape: LoadShape,
): Promise<LoadResult> {
  const { hostname, protocol } = new URL(origin);
  if (protocol !== 'http:' || !['127.0.0.1', '[::1]', 'localhost'].includes(hostname)) {
    throw new Error(`runLoad: only loopback http origins are allowed, got ${origin}`);
  }
  let latencies = new Float64Array(1 << 14);
  let count = 0;
  let ok = 0;
  let rampUpMs = 0;
  const answered = new Set<unknown>();
  let firstBadStatus: number | undefined;
  let started = performance.now();
  let lastAnswer = started;
  const instance = autocannon({
    url: origin,
    connections: shape.connections,
    timeout: 10,
    // autocannon ends a run on its next sample tick: every 100 ms instead of every second, so that a
    // run of a fixed amount does not sit idle for up to a second after its last answer
    sampleInt: 100,
    ...(shape.amount === undefined
      ? { duration: shape.durationSeconds ?? 1 }
      : { amount: shape.amount }),
    requests: [
      {
        method: request.method,
        path: request.path,
        setupRequest: (data) => {
          const { headers, body } = request.next();
          return { ...data, headers: { ...data.headers, ...headers }, body: body ?? '' };
        },
      },
    ],
  });
  instance.on('start', () => {
    started = performance.now();
  });
  instance.on('response', (client, status, _bytes, ms) => {
    lastAnswer = performance.now();
    if (status >= 200 && status < 300) ok++;
    else firstBadStatus ??= status;
    if (!answered.has(client)) {
      answered.add(client);
      rampUpMs = Math.max(rampUpMs, ms);
      return;
    }
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  });
  const result = await instance;
  // from the first request sent to the last answer: autocannon itself stops on a sample tick
  const seconds = (lastAnswer - started) / 1000;
  await settle(origin);
  const sorted = latencies.subarray(0, count).sort();
  return {
    requestsPerSecond: ok / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    rampUpMs,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    ...(firstBadStatus === undefined ? {} : { firstBadStatus }),
  };
}
