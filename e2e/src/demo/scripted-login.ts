import { DemoDeviation } from './deviation.js';
import { type PageForm, pageError, readPageForm } from './html-form.js';

/** The user the scripted browser signs in as. */
export interface Credentials {
  username: string;
  password: string;
}

/** Where the authorization server sent the browser back to, and what it showed on the way. */
export interface AuthorizationOutcome {
  /** The redirect URI with `code` (or `error`), `state` and `iss`. */
  redirect: URL;
  code: string | undefined;
  /** The pages shown, in order (`login`, `consent`). */
  pages: PageForm['kind'][];
  /** The scopes the (last) consent page listed. */
  consentScopes: PageForm['scopes'];
}

/** A browser stand-in: a cookie jar per origin, one user, a decision to take on the consent page. */
export interface ScriptedBrowser {
  /** Follows an authorization URL through login and consent to the redirect back to the app. */
  authorize(url: URL, redirectUri: string): Promise<AuthorizationOutcome>;
}

/**
 * A scripted login and consent over plain HTTP, as a user would do in a browser: GET the authorization
 * URL, POST the login form with the user's credentials, POST the consent form (with its CSRF token
 * and signed form state) with `decision`, and read the code from the 303 `Location`. The session
 * cookie is kept between authorizations, so a step-up shows the consent page without a new login.
 */
export function createScriptedBrowser(options: {
  user: Credentials;
  fetch?: typeof fetch;
  decision?: 'approve' | 'deny';
}): ScriptedBrowser {
  const send = options.fetch ?? fetch;
  const cookies = new Map<string, string>();
  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await send(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  };
  return {
    async authorize(url, redirectUri) {
      const pages: PageForm['kind'][] = [];
      let consentScopes: PageForm['scopes'] = [];
      let pageUrl = url;
      let response = await request(url);
      for (let round = 0; round < 4; round += 1) {
        if (response.status === 303 || response.status === 302) {
          const location = new URL(response.headers.get('location') ?? '', pageUrl);
          if (!location.href.startsWith(redirectUri)) {
            throw new DemoDeviation(`redirected to ${location.origin}, not to the app`);
          }
          const code = location.searchParams.get('code') ?? undefined;
          return { redirect: location, code, pages, consentScopes };
        }
        const html = await response.text();
        const form = readPageForm(html, pageUrl);
        if (form === undefined) {
          throw new DemoDeviation(
            `${pageUrl.pathname} answered ${response.status}: ${pageError(html)}`,
          );
        }
        pages.push(form.kind);
        if (form.kind === 'consent') consentScopes = form.scopes;
        const fields =
          form.kind === 'login'
            ? { ...form.hidden, ...options.user, decision: 'login' }
            : { ...form.hidden, decision: options.decision ?? 'approve' };
        pageUrl = form.action;
        response = await request(form.action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
        if (form.kind === 'login' && response.status === 401) {
          throw new DemoDeviation(`login refused for ${options.user.username}: wrong password?`);
        }
      }
      throw new DemoDeviation('the authorization did not come back to the app');
    },
  };
}
