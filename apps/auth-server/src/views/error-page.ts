import { escapeHtml } from './escape.js';
import { layout } from './layout.js';

/** What the error page shows: fixed, server-written wording and the stable error code. */
export interface ErrorPageModel {
  title: string;
  message: string;
  code: string;
}

/** The page shown when the browser must not be sent back to the app (A6), or the form is stale. */
export function errorPage(model: ErrorPageModel): string {
  return layout(
    model.title,
    `<h1>${escapeHtml(model.title)}</h1>
<p class="notice error" role="alert">${escapeHtml(model.message)}</p>
<p class="muted">You can close this page and start again from the app. Error code: <code>${escapeHtml(model.code)}</code></p>`,
  );
}
