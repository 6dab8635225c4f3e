import { describeRequest, describeResponse } from './summaries.js';

/** One HTTP request and its response, summarized (no token, code or password in it). */
export interface Exchange {
  /** The demo step that was running. */
  step: string;
  method: string;
  url: URL;
  status: number;
  /** Milliseconds until the response headers arrived. */
  ms: number;
  /** What the request was: a JSON-RPC method, a grant type, a form decision... */
  request: string;
  /** The key header or body fields of the response. */
  response: string;
  /** The raw `WWW-Authenticate` header, for checks. */
  wwwAuthenticate: string | null;
  /** The raw `Location` header, for checks. */
  location: string | null;
}

/** A `fetch` that records every exchange, for the SDK client, its auth calls and the scripted login. */
export interface HttpLog {
  readonly fetch: typeof fetch;
  readonly exchanges: readonly Exchange[];
  /** Names the step that the next exchanges belong to. */
  step(name: string): void;
  /** The exchanges recorded since `index` (an earlier `exchanges.length`). */
  since(index: number): Exchange[];
}

/**
 * Wraps `base` (default the global `fetch`) so that each exchange is recorded with its timing and a
 * summary. JSON bodies of the OAuth endpoints are read from a clone; MCP responses (which may be
 * streams) are never read.
 */
export function createHttpLog(base: typeof fetch = fetch): HttpLog {
  const exchanges: Exchange[] = [];
  let step = '';
  const recording: typeof fetch = async (input, init) => {
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const url = new URL(input instanceof Request ? input.url : input);
    const body = await bodyText(init?.body);
    const started = performance.now();
    const response = await base(input, init);
    const ms = performance.now() - started;
    exchanges.push({
      step,
      method,
      url,
      status: response.status,
      ms,
      request: describeRequest(method, url, body),
      response: await describeResponse(url, response),
      wwwAuthenticate: response.headers.get('www-authenticate'),
      location: response.headers.get('location'),
    });
    return response;
  };
  return {
    fetch: recording,
    exchanges,
    step: (name) => {
      step = name;
    },
    since: (index) => exchanges.slice(index),
  };
}

async function bodyText(body: RequestInit['body'] | undefined): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return '';
}
