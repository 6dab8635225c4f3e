import { expect } from 'vitest';
import {
  authorizationParams,
  authorizeUrl,
  FormClient,
  hidden,
  PASSWORD,
  pkce,
  type TestServer,
} from './test-helpers.js';

export const REDIRECT = 'http://127.0.0.1:7777/callback';

/** One browser going through the flow for one client. */
export interface Flow {
  browser: FormClient;
  /** The last page's HTML. */
  html: string;
  response: Response;
  verifier: string;
  challenge: string;
}

/** GET /authorize with sensible defaults; resolves to the flow at whatever page came back. */
export async function begin(
  t: TestServer,
  clientId: string,
  params: Record<string, string | undefined> = {},
  browser: FormClient = new FormClient(),
): Promise<Flow> {
  const { verifier, challenge } = await pkce();
  const response = await browser.get(
    authorizeUrl(t.url, authorizationParams(clientId, challenge, params)),
  );
  const html = response.headers.get('content-type')?.startsWith('text/html')
    ? await response.text()
    : '';
  return { browser, html, response, verifier, challenge };
}

/** Posts the current page's form with its hidden fields plus `fields`. */
export async function submit(
  t: TestServer,
  flow: Flow,
  path: '/authorize' | '/authorize/login',
  fields: Record<string, string>,
): Promise<Flow> {
  const response = await flow.browser.post(`${t.url}${path}`, {
    csrf_token: hidden(flow.html, 'csrf_token'),
    form_state: hidden(flow.html, 'form_state'),
    ...fields,
  });
  const html = response.headers.get('content-type')?.startsWith('text/html')
    ? await response.text()
    : '';
  return { ...flow, html, response };
}

/** Signs in as alice on the current login page. */
export function login(
  t: TestServer,
  flow: Flow,
  password = PASSWORD,
  username = 'alice',
): Promise<Flow> {
  expect(flow.html).toContain('name="password"');
  return submit(t, flow, '/authorize/login', { decision: 'login', username, password });
}

/** The code (and the other parameters) of a successful 303. */
export function codeOf(flow: Flow): { code: string; query: URLSearchParams } {
  expect(flow.response.status).toBe(303);
  const location = flow.response.headers.get('location') ?? '';
  expect(location.startsWith(`${REDIRECT}?`)).toBe(true);
  const query = new URL(location).searchParams;
  const code = query.get('code');
  if (code === null) throw new Error(`no code in ${location}`);
  return { code, query };
}
