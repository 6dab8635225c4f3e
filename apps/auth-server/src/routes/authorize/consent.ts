import type { Context } from 'koa';
import { recordEvent } from './audit.js';
import { type AuthorizeDeps, scopesToGrant, sessionUser } from './flow.js';
import { checkFormPost, consumeForm } from './form-post.js';
import { issueCode } from './issue-code.js';
import { pageFailure, redirectToClient, sendErrorPage } from './respond.js';

/**
 * POST consent: after the form checks (the form state bound to this session and user, and used only
 * once: a second POST of the same form gets `ERR_AS_AUTHORIZE_FORM_REUSED`, 400), `approve`
 * stores the consent (merged with earlier scopes) and issues the code; `deny` answers `access_denied`.
 * Both are audited.
 */
export async function consentHandler(ctx: Context, deps: AuthorizeDeps): Promise<void> {
  const checked = await checkFormPost(ctx, deps, true);
  if (checked === undefined) return;
  const { form, verified } = checked;
  const { server } = deps;
  const user = await sessionUser(deps, checked.session);
  if (user === undefined) {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_LOGIN_REQUIRED',
        'You are not signed in any more. Start again from the app.',
        403,
      ),
    );
    return;
  }
  if (!(await consumeForm(deps, checked))) {
    recordEvent(ctx, server, {
      type: 'authorization.denied',
      outcome: 'failure',
      actor: { sub: user.id, clientId: verified.client.clientId },
      reason: 'ERR_AS_AUTHORIZE_FORM_REUSED',
    });
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_FORM_REUSED',
        'This page was already used. Start again from the app.',
      ),
    );
    return;
  }
  const { request, client, resource } = verified;
  const actor = { sub: user.id, clientId: client.clientId };
  const decision = form.get('decision');
  if (decision === 'deny') {
    recordEvent(ctx, server, {
      type: 'consent.denied',
      outcome: 'failure',
      actor,
      reason: 'ERR_AS_AUTHORIZE_USER_DENIED',
      details: { resource: resource.uri, scopes: request.scopes },
    });
    recordEvent(ctx, server, {
      type: 'authorization.denied',
      outcome: 'failure',
      actor,
      reason: 'ERR_AS_AUTHORIZE_USER_DENIED',
      details: { resource: resource.uri },
    });
    redirectToClient(ctx, request.redirectUri, {
      error: 'access_denied',
      error_description: 'the user denied the request',
      state: request.state,
      iss: server.config.issuer,
    });
    return;
  }
  if (decision !== 'approve') {
    sendErrorPage(
      ctx,
      pageFailure(
        'ERR_AS_AUTHORIZE_DECISION_INVALID',
        'The form did not say whether to allow or deny. Start again from the app.',
      ),
    );
    return;
  }
  const now = server.now();
  const previous = await server.store.consents.get(user.id, client.clientId, resource.uri);
  const scopes = scopesToGrant(deps, verified, previous?.scopes);
  const merged = await server.store.consents.grant({
    userId: user.id,
    clientId: client.clientId,
    resource: resource.uri,
    scopes,
    updatedAt: now,
  });
  recordEvent(ctx, server, {
    type: 'consent.given',
    outcome: 'success',
    actor,
    target: { type: 'consent', id: client.clientId },
    details: { resource: resource.uri, scopes },
  });
  await issueCode(ctx, server, {
    ...verified,
    userId: user.id,
    scopes: [...scopes, ...merged.scopes],
  });
}
