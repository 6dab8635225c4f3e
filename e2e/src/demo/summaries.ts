import { pageError, readPageForm } from './html-form.js';

/** Values never printed: they are credentials (a summary shows that they were there, not what). */
const SECRET_FIELDS = new Set([
  'code',
  'code_verifier',
  'access_token',
  'refresh_token',
  'token',
  'password',
  'client_secret',
  'csrf_token',
  'form_state',
]);

/** What a request was, in a few words: a JSON-RPC method, a grant type, a form decision, a query. */
export function describeRequest(method: string, url: URL, body: string): string {
  const json = parseJson(body);
  if (Array.isArray(json)) return `batch of ${json.length}`;
  if (isRecord(json) && json.jsonrpc === '2.0') {
    const params = isRecord(json.params) ? json.params : {};
    const name = typeof params.name === 'string' ? ` ${params.name}` : '';
    const args = isRecord(params.arguments) ? ` ${JSON.stringify(params.arguments)}` : '';
    return `${String(json.method)}${name}${args}`;
  }
  if (isRecord(json)) {
    return fields(json, ['client_name', 'scope', 'token_endpoint_auth_method']);
  }
  if (body !== '' && method === 'POST') {
    const form = new URLSearchParams(body);
    return fields(Object.fromEntries(form), [
      'grant_type',
      'decision',
      'username',
      'token_type_hint',
    ]);
  }
  if (url.search !== '') {
    const query = Object.fromEntries(url.searchParams);
    return fields(query, ['scope', 'resource', 'code_challenge_method']);
  }
  return '';
}

/** The key header or body fields of a response. */
export async function describeResponse(url: URL, response: Response): Promise<string> {
  const challenge = response.headers.get('www-authenticate');
  if (challenge !== null) return `WWW-Authenticate: ${shortChallenge(challenge)}`;
  const location = response.headers.get('location');
  if (location !== null) return `Location: ${maskUrl(location)}`;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const session = response.headers.get('mcp-session-id');
  const suffix = session === null ? '' : ` (Mcp-Session-Id)`;
  if (response.status === 405) return `Allow: ${response.headers.get('allow') ?? ''}`;
  if (type === 'text/html') return describePage(await response.clone().text(), url);
  if (type === 'application/json') {
    const json = parseJson(await response.clone().text());
    if (isRecord(json) && json.jsonrpc === '2.0') return `JSON-RPC ${describeRpc(json)}${suffix}`;
    if (isRecord(json)) return describeDocument(url, json);
  }
  return `${type || 'no body'}${suffix}`;
}

function describeDocument(url: URL, json: Record<string, unknown>): string {
  if (typeof json.error === 'string') return fields(json, ['error', 'error_description']);
  if (url.pathname.startsWith('/.well-known/oauth-protected-resource')) {
    return fields(json, ['resource', 'authorization_servers', 'scopes_supported']);
  }
  if (url.pathname.startsWith('/.well-known/')) {
    return fields(json, ['issuer', 'registration_endpoint', 'code_challenge_methods_supported']);
  }
  if (typeof json.access_token === 'string') {
    return fields(json, ['token_type', 'scope', 'expires_in', 'refresh_token']);
  }
  if (typeof json.client_id === 'string') return fields(json, ['client_id', 'scope']);
  return Object.keys(json).length === 0 ? '{}' : fields(json, Object.keys(json).slice(0, 3));
}

function describeRpc(json: Record<string, unknown>): string {
  if (isRecord(json.error)) return `error ${String(json.error.code)} ${String(json.error.message)}`;
  return 'result';
}

/** Login or consent page, with the scopes the consent page lists. */
function describePage(html: string, url: URL): string {
  const form = readPageForm(html, url);
  if (form === undefined) return pageError(html);
  if (form.kind === 'login') return 'login page';
  const scopes = form.scopes.map((line) =>
    line.allowedBefore ? `${line.scope} (allowed before)` : line.scope,
  );
  return `consent page: ${scopes.join(', ')}`;
}

/** The challenge as the server sent it (absolute `resource_metadata` URL), its description elided. */
function shortChallenge(header: string): string {
  return header.replace(/error_description="[^"]*"/, 'error_description="…"');
}

function fields(record: Record<string, unknown>, names: readonly string[]): string {
  return names
    .filter((name) => record[name] !== undefined)
    .map((name) => {
      if (SECRET_FIELDS.has(name)) return `${name}=…`;
      const value = record[name];
      return `${name}=${Array.isArray(value) ? value.join(' ') : String(value)}`;
    })
    .join(' ');
}

/** A URL with every credential parameter masked. */
export function maskUrl(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_FIELDS.has(name)) url.searchParams.set(name, '…');
  }
  return url.href.replaceAll('%E2%80%A6', '…');
}

function parseJson(text: string): unknown {
  if (text === '' || !/^[[{]/.test(text.trim())) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
