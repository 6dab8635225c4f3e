/** The form of a login or consent page, as a browser would submit it. */
export interface PageForm {
  kind: 'login' | 'consent';
  /** Absolute URL the form posts to. */
  action: URL;
  /** The hidden fields (`csrf_token`, `form_state`). */
  hidden: Record<string, string>;
  /** Consent page: each scope listed, and whether it was allowed before. */
  scopes: { scope: string; allowedBefore: boolean }[];
}

/**
 * Reads the one POST form of an authorization server page (no JavaScript involved: the pages are
 * server-rendered). Undefined when the page has no such form (an error page).
 */
export function readPageForm(html: string, pageUrl: URL): PageForm | undefined {
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  if (form === null) return undefined;
  const [, action = '', body = ''] = form;
  const hidden: Record<string, string> = {};
  for (const input of body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    hidden[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
  }
  const kind = body.includes('name="username"')
    ? 'login'
    : body.includes('value="approve"')
      ? 'consent'
      : undefined;
  if (kind === undefined) return undefined;
  const scopes = [
    ...html.matchAll(/<li>[^<]*(<span class="tag">[^<]*<\/span>)?<code>([^<]+)<\/code>/g),
  ].map((match) => ({
    scope: unescapeHtml(match[2] ?? ''),
    allowedBefore: match[1] !== undefined,
  }));
  return { kind, action: new URL(unescapeHtml(action), pageUrl), hidden, scopes };
}

/** The text of a page's error paragraph, for a deviation message. */
export function pageError(html: string): string {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? 'page';
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html)?.[1];
  return unescapeHtml(alert === undefined ? title : `${title}: ${alert.trim()}`);
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
