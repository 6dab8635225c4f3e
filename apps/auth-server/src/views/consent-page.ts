import { clientCard } from './client-card.js';
import type { ClientSummary } from './client-summary.js';
import { escapeHtml } from './escape.js';
import { hiddenInputs, layout } from './layout.js';

/** One requested scope as the consent page lists it. */
export interface ScopeLine {
  scope: string;
  description: string;
  /** Already allowed earlier for this client and resource. */
  granted: boolean;
}

/** What the consent page shows. */
export interface ConsentPageModel {
  client: ClientSummary;
  resourceName: string;
  resourceUri: string;
  username: string;
  scopes: readonly ScopeLine[];
  action: string;
  csrfToken: string;
  formState: string;
}

/** The consent page: who asks, where you go back to, each scope in plain words, Allow / Deny. */
export function consentPage(model: ConsentPageModel): string {
  const lines = model.scopes
    .map(
      (line) =>
        `<li>${escapeHtml(line.description)}${line.granted ? '<span class="tag">allowed before</span>' : ''}<code>${escapeHtml(line.scope)}</code></li>`,
    )
    .join('\n');
  const list =
    model.scopes.length === 0
      ? '<p>No specific permissions: the app only learns that you signed in.</p>'
      : `<ul class="scopes" aria-labelledby="scopes-heading">\n${lines}\n</ul>`;
  return layout(
    'Allow access',
    `<h1>Allow access?</h1>
${clientCard(model.client, model.resourceName)}
<h2 class="muted" id="scopes-heading">If you allow it, this app can:</h2>
${list}
<p class="muted">Resource: <bdi>${escapeHtml(model.resourceUri)}</bdi><br>Signed in as <bdi>${escapeHtml(model.username)}</bdi>.</p>
<form method="post" action="${escapeHtml(model.action)}">
${hiddenInputs({ csrf_token: model.csrfToken, form_state: model.formState })}
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="approve" class="primary">Allow</button>
</div>
</form>`,
  );
}
