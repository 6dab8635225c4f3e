import { clientCard } from './client-card.js';
import type { ClientSummary } from './client-summary.js';
import { escapeHtml } from './escape.js';
import { hiddenInputs, layout } from './layout.js';

/** What the login page shows. */
export interface LoginPageModel {
  client: ClientSummary;
  resourceName: string;
  /** Form action (the login endpoint's path). */
  action: string;
  csrfToken: string;
  formState: string;
  /** Shown after a failed attempt; the same words whatever failed (no user enumeration). */
  failed?: boolean;
  /** Keeps the typed username after a failure. */
  username?: string;
}

/**
 * The sign-in page: a labelled username and password form, no script. "Sign in" comes first, so
 * pressing Enter in a field (implicit submission uses the first submit button) signs in.
 */
export function loginPage(model: LoginPageModel): string {
  const error = model.failed
    ? `<p class="notice error" role="alert" id="login-error">The username or password is not right. Please try again.</p>`
    : '';
  const describedBy = model.failed ? ' aria-describedby="login-error"' : '';
  return layout(
    'Sign in',
    `<h1>Sign in to continue</h1>
${clientCard(model.client, model.resourceName)}
${error}
<form method="post" action="${escapeHtml(model.action)}">
${hiddenInputs({ csrf_token: model.csrfToken, form_state: model.formState })}
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="200" value="${escapeHtml(model.username ?? '')}"${describedBy}${model.failed ? '' : ' autofocus'}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="1024"${describedBy}${model.failed ? ' autofocus' : ''}>
<div class="actions">
<button type="submit" name="decision" value="login" class="primary">Sign in</button>
<button type="submit" name="decision" value="cancel" formnovalidate>Cancel</button>
</div>
</form>`,
  );
}
