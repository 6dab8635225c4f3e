import type { Context } from 'koa';
import { authenticateUser } from '../../users/authenticate.js';
import { recordEvent } from './audit.js';
import { type AuthorizeDeps, proceed, renderLogin } from './flow.js';
import { checkFormPost } from './form-post.js';
import { pageFailure, redirectToClient, sendErrorPage } from './respond.js';

const MAX_USERNAME = 200;
const MAX_PASSWORD = 1024;

/**
 * POST login: after the form checks, `decision=cancel` answers `access_denied`; otherwise the username
 * and password are checked (scrypt, same time for unknown users). A failure shows the same words
 * whatever failed and records `login.failed`; a success starts a new session (new id) and goes on to
 * consent, or straight back with a code when consent was given before. After too many failures for
 * one username (`login-throttle.ts`), its sign-in is refused with a 429 page for a while.
 */
export async function loginHandler(ctx: Context, deps: AuthorizeDeps): Promise<void> {
  const checked = await checkFormPost(ctx, deps, false);
  if (checked === undefined) return;
  const { session, form, verified } = checked;
  const { server } = deps;
  const clientId = verified.client.clientId;
  if (form.get('decision') === 'cancel') {
    recordEvent(ctx, server, {
      type: 'authorization.denied',
      outcome: 'failure',
      actor: { clientId },
      reason: 'ERR_AS_AUTHORIZE_LOGIN_CANCELLED',
      details: { resource: verified.resource.uri },
    });
    redirectToClient(ctx, verified.request.redirectUri, {
      error: 'access_denied',
      error_description: 'the user cancelled the sign-in',
      state: verified.request.state,
      iss: server.config.issuer,
    });
    return;
  }
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const retryAfter = await deps.logins.attempt(username);
  if (retryAfter > 0) {
    recordEvent(ctx, server, {
      type: 'login.failed',
      outcome: 'failure',
      actor: { clientId },
      reason: 'ERR_AS_LOGIN_THROTTLED',
    });
    ctx.set('Retry-After', String(retryAfter));
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_LOGIN_THROTTLED',
        `Too many failed sign-ins for this account. Wait ${Math.ceil(retryAfter / 60)} minute(s), then start again from the app.`,
        429,
      ),
    );
    return;
  }
  const user =
    username.length > 0 &&
    username.length <= MAX_USERNAME &&
    password.length > 0 &&
    password.length <= MAX_PASSWORD
      ? await authenticateUser(server.store.users, username, password)
      : undefined;
  if (user === undefined) {
    recordEvent(ctx, server, {
      type: 'login.failed',
      outcome: 'failure',
      actor: { clientId },
      reason: 'ERR_AS_LOGIN_FAILED',
    });
    renderLogin(ctx, deps, session, verified, { username: username.slice(0, MAX_USERNAME) });
    return;
  }
  await deps.logins.succeeded(username);
  const signedIn = deps.sessions.signIn(ctx, user.id, server.now());
  recordEvent(ctx, server, {
    type: 'login.succeeded',
    outcome: 'success',
    actor: { sub: user.id, clientId },
  });
  await proceed(ctx, deps, signedIn, user, verified);
}
