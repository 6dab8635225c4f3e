/**
 * What a browser does with an authorization URL, in plain HTTP: follow redirects on the authorization
 * server, keep its cookies, submit the sign-in form (with the user's credentials) and then the consent
 * form ("Allow"), each with the hidden CSRF token and form state the page carries, until the server
 * redirects to the client's redirect URI. No JavaScript is needed: the pages have none.
 */

interface ParsedForm {
  action: string;
  fields: Map<string, string>;
  buttons: Array<{ name: string; value: string }>;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name = '', value = ''] of tag.matchAll(/([\w-]+)="([^"]*)"/g)) {
    found.set(name.toLowerCase(), unescapeHtml(value));
  }
  return found;
}

/** The first POST form of a page: its action, its named inputs and its submit buttons. */
export function parseForm(html: string): ParsedForm | undefined {
  const form = html.match(/<form\b([^>]*)>([\s\S]*?)<\/form>/i);
  if (!form) return undefined;
  const formAttributes = attributes(form[1] ?? '');
  if ((formAttributes.get('method') ?? 'get').toLowerCase() !== 'post') return undefined;
  const fields = new Map<string, string>();
  for (const [, tag = ''] of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const input = attributes(tag);
    const name = input.get('name');
    if (name !== undefined) fields.set(name, input.get('value') ?? '');
  }
  const buttons: ParsedForm['buttons'] = [];
  for (const [, tag = ''] of (form[2] ?? '').matchAll(/<button\b([^>]*)>/gi)) {
    const button = attributes(tag);
    const name = button.get('name');
    if (name !== undefined) buttons.push({ name, value: button.get('value') ?? '' });
  }
  return { action: formAttributes.get('action') ?? '', fields, buttons };
}

/** A user to sign in as. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * Drives `authorizationUrl` to the client's redirect as a browser would (sign in, then "Allow") and
 * returns the URL the authorization server redirected to (with `code`, `state` and `iss`, or an
 * `error`). The redirect itself is not followed: the caller delivers it where it must go.
 */
export async function authorizeInBrowser(
  authorizationUrl: string,
  user: Credentials,
  { maxSteps = 8 }: { maxSteps?: number } = {},
): Promise<string> {
  const origin = new URL(authorizationUrl).origin;
  const cookies = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  };
  let url = new URL(authorizationUrl);
  let response = await send(url);
  let signedIn = false;
  for (let step = 0; step < maxSteps; step += 1) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== origin) return next.href;
      url = next;
      response = await send(url);
      continue;
    }
    const html = await response.text();
    const form = parseForm(html);
    if (form === undefined) {
      throw new Error(
        `no form on the page (${response.status} ${url.href}):\n${html.slice(0, 800)}`,
      );
    }
    const body = new URLSearchParams([...form.fields]);
    if (form.fields.has('username')) {
      if (signedIn) throw new Error(`sign-in refused (${response.status}) for ${user.username}`);
      body.set('username', user.username);
      body.set('password', user.password);
      body.set('decision', 'login');
      signedIn = true;
    } else if (form.buttons.some((b) => b.name === 'decision' && b.value === 'approve')) {
      body.set('decision', 'approve');
    } else {
      throw new Error(`unexpected form (${response.status} ${url.href}):\n${html.slice(0, 800)}`);
    }
    url = new URL(form.action, url);
    response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: body.toString(),
    });
  }
  throw new Error(`no redirect to the client after ${maxSteps} steps (at ${url.href})`);
}
