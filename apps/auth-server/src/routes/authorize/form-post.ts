import { GatehouseError } from '@gatehouse/errors';
import { matchRedirectUri } from '@gatehouse/registration';
import type { Context } from 'koa';
import { type FormParams, readForm } from '../../http/form-body.js';
import { selectResource } from '../../oauth/resources.js';
import type { Session } from '../../session/session.js';
import type { AuthorizeDeps, VerifiedRequest } from './flow.js';
import { pageFailure, sendErrorPage } from './respond.js';

/** Largest login or consent form body (the form state carries the request, `state` included). */
const FORM_LIMIT_BYTES = 16_384;

/** A login or consent POST that passed every check. */
export interface CheckedPost {
  session: Session;
  form: FormParams;
  verified: VerifiedRequest;
  /** The form's random id and expiry (a consent form is accepted once: `consumeForm`). */
  formId: string;
  formExpiresAt: number;
}

/**
 * The checks every form POST passes before anything in it is used: a form body; a live session; the
 * CSRF token of that session (constant-time); the signed form state, unexpired and bound to that
 * session (and, on the consent form, to its user); and the client, redirect URI and resource verified
 * again (a client may have been removed since the page was shown). Any failure sends an error page and
 * resolves to undefined: a form is never trusted enough to redirect anywhere.
 */
export async function checkFormPost(
  ctx: Context,
  deps: AuthorizeDeps,
  bindUser: boolean,
): Promise<CheckedPost | undefined> {
  const { server, sessions, forms } = deps;
  const now = server.now();
  let form: FormParams;
  try {
    form = await readForm(ctx, FORM_LIMIT_BYTES);
  } catch (error) {
    const code = GatehouseError.isInstance(error) ? error.code : 'ERR_AS_AUTHORIZE_FORM_UNREADABLE';
    const status = GatehouseError.isInstance(error) ? error.status : 400;
    sendErrorPage(
      ctx,
      pageFailure(code, 'The form could not be read. Start again from the app.', status),
    );
    return undefined;
  }
  const session = sessions.read(ctx, now);
  if (session === undefined) {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_SESSION_MISSING',
        'This page has expired, or your browser blocks cookies. Start again from the app.',
        403,
      ),
    );
    return undefined;
  }
  if (!sessions.checkCsrf(session, form.get('csrf_token'))) {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_CSRF_INVALID',
        'The form was not sent from this sign-in page, so it was refused.',
        403,
      ),
    );
    return undefined;
  }
  const binding =
    bindUser && session.userId !== undefined
      ? { sid: session.sid, userId: session.userId }
      : { sid: session.sid };
  const opened = forms.openForm(form.get('form_state'), binding, now);
  if (opened === undefined) {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_FORM_STATE_INVALID',
        'This page has expired or was changed. Start again from the app.',
      ),
    );
    return undefined;
  }
  const verified = await reverify(deps, opened.request);
  if (verified === undefined) {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_CLIENT_CHANGED',
        'The app that sent you here is no longer registered as it was. Start again from the app.',
      ),
    );
    return undefined;
  }
  return { session, form, verified, formId: opened.formId, formExpiresAt: opened.expiresAt };
}

/**
 * Marks a form as used, once: true the first time, false when the same form (same random id) was
 * posted before. Kept in the store's single-use `assertions` table (atomic across replicas, removed
 * when the form expires) under a key no client id can take (`#` never appears in one).
 */
export function consumeForm(deps: AuthorizeDeps, checked: CheckedPost): Promise<boolean> {
  return deps.server.store.assertions.remember(
    CONSENT_FORM_KEY,
    checked.formId,
    checked.formExpiresAt,
  );
}

const CONSENT_FORM_KEY = '#consent-form';

async function reverify(
  deps: AuthorizeDeps,
  request: VerifiedRequest['request'],
): Promise<VerifiedRequest | undefined> {
  try {
    const client = await deps.server.clients.resolve(request.clientId, deps.server.now());
    if (
      client === undefined ||
      !matchRedirectUri(client.metadata.redirect_uris, request.redirectUri)
    ) {
      return undefined;
    }
    return { client, resource: selectResource(deps.server.config, request.resource), request };
  } catch {
    return undefined;
  }
}
