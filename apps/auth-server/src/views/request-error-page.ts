import { escapeHtml } from './escape.js';
import { layout } from './layout.js';

/** What the request error page shows. */
export interface RequestErrorPageModel {
  /** The OAuth `error` the client gets (`invalid_request`, …). */
  error: string;
  /** The server-written `error_description`. */
  errorDescription?: string | undefined;
  /** The error response at the verified redirect URI (`error`, `error_description`, `state`, `iss`). */
  returnUrl: string;
  /** Where that goes, in words (`ClientSummary.redirectHost`). */
  returnTo: string;
}

/**
 * The page shown instead of an automatic error redirect to a client that registered itself (RFC 9700
 * section 4.11.2): what went wrong, and a plain link back to the app carrying the error response, so
 * the app still learns the error once the user chooses to go back. No form, no script.
 */
export function requestErrorPage(model: RequestErrorPageModel): string {
  const description =
    model.errorDescription === undefined
      ? ''
      : `<dt>Details</dt><dd>${escapeHtml(model.errorDescription)}</dd>`;
  return layout(
    'The app’s request could not be processed',
    `<h1>The app’s request could not be processed</h1>
<p class="notice error" role="alert">The app that sent you here asked for something this server cannot do. Nothing was signed in or shared.</p>
<dl>
<dt>Error</dt><dd><code>${escapeHtml(model.error)}</code></dd>
${description}
<dt>Sends you back to</dt><dd>${escapeHtml(model.returnTo)}</dd>
</dl>
<p class="muted">You were not sent back automatically because this server cannot vouch for this app’s return address. Go back only if you started this sign-in from that app; otherwise close this page.</p>
<div class="actions">
<a class="button" href="${escapeHtml(model.returnUrl)}" rel="noreferrer">Return to ${escapeHtml(model.returnTo)}</a>
</div>`,
  );
}
