import type { Context } from 'koa';
import { clientIdentityAssured } from '../../consent/client-identity.js';
import { consentCovers, mergeScopes } from '../../consent/consent-decision.js';
import { describeScope } from '../../consent/scope-descriptions.js';
import type { ResolvedClient, ResourceServerConfig, ServerContext } from '../../context.js';
import { grantableScopes } from '../../oauth/resources.js';
import type { Session, SessionManager } from '../../session/session.js';
import type { UserRecord } from '../../store/types.js';
import { summarizeClient } from '../../views/client-summary.js';
import { consentPage } from '../../views/consent-page.js';
import { formTargetFor, sendHtml } from '../../views/html-response.js';
import { loginPage } from '../../views/login-page.js';
import type { AuthorizationRequest, FormStateCodec } from './form-state.js';
import { issueCode } from './issue-code.js';
import type { LoginThrottle } from './login-throttle.js';

/** What the authorize handlers share. */
export interface AuthorizeDeps {
  server: ServerContext;
  sessions: SessionManager;
  forms: FormStateCodec;
  logins: LoginThrottle;
  paths: { authorize: string; login: string };
}

/** A request whose client, redirect URI and resource are verified. */
export interface VerifiedRequest {
  client: ResolvedClient;
  resource: ResourceServerConfig;
  request: AuthorizationRequest;
}

function pageOptions(verified: VerifiedRequest): { formTargets: string[] } {
  const target = formTargetFor(verified.request.redirectUri);
  return { formTargets: target === undefined ? [] : [target] };
}

/** Renders the login page for an anonymous session (its form state carries no user). */
export function renderLogin(
  ctx: Context,
  deps: AuthorizeDeps,
  session: Session,
  verified: VerifiedRequest,
  failure?: { username: string },
): void {
  const now = deps.server.now();
  const html = loginPage({
    client: summarizeClient(verified.client, verified.request.redirectUri),
    resourceName: verified.resource.name ?? verified.resource.uri,
    action: deps.paths.login,
    csrfToken: deps.sessions.csrfToken(session),
    formState: deps.forms.seal(verified.request, { sid: session.sid }, now),
    ...(failure === undefined ? {} : { failed: true, username: failure.username }),
  });
  sendHtml(ctx, failure === undefined ? 200 : 401, html, pageOptions(verified));
}

/** The scopes a grant would carry now: requested plus earlier consent, within what is allowed. */
export function scopesToGrant(
  deps: AuthorizeDeps,
  verified: VerifiedRequest,
  consented: readonly string[] | undefined,
): string[] {
  const merged = mergeScopes(verified.request.scopes, consented);
  return grantableScopes(deps.server.config, verified.resource, verified.client, merged).scopes;
}

/**
 * After the request is verified and the user is known: issue the code when every requested scope was
 * consented before (same user, client and resource) and the client's identity can be assured
 * (`clientIdentityAssured`: confidential, or CIMD with remote https redirect URIs only); else show
 * the consent page listing what the new grant would carry (earlier scopes included, marked "allowed
 * before", so a remembered consent is one click).
 */
export async function proceed(
  ctx: Context,
  deps: AuthorizeDeps,
  session: Session,
  user: UserRecord,
  verified: VerifiedRequest,
): Promise<void> {
  const { store } = deps.server;
  const consent = await store.consents.get(
    user.id,
    verified.client.clientId,
    verified.resource.uri,
  );
  if (
    consentCovers(consent?.scopes, verified.request.scopes) &&
    clientIdentityAssured(verified.client)
  ) {
    await issueCode(ctx, deps.server, {
      ...verified,
      userId: user.id,
      scopes: mergeScopes(verified.request.scopes, consent?.scopes),
    });
    return;
  }
  const scopes = scopesToGrant(deps, verified, consent?.scopes);
  const configured = deps.server.config.scopeDescriptions;
  const html = consentPage({
    client: summarizeClient(verified.client, verified.request.redirectUri),
    resourceName: verified.resource.name ?? verified.resource.uri,
    resourceUri: verified.resource.uri,
    username: user.username,
    scopes: scopes.map((scope) => ({
      scope,
      description: describeScope(scope, configured),
      granted: consentCovers(consent?.scopes, [scope]),
    })),
    action: deps.paths.authorize,
    csrfToken: deps.sessions.csrfToken(session),
    formState: deps.forms.seal(
      verified.request,
      { sid: session.sid, userId: user.id },
      deps.server.now(),
    ),
  });
  sendHtml(ctx, 200, html, pageOptions(verified));
}

/** The signed-in user of a session, if the session has one and the user still exists. */
export async function sessionUser(
  deps: AuthorizeDeps,
  session: Session | undefined,
): Promise<UserRecord | undefined> {
  if (session?.userId === undefined) return undefined;
  return deps.server.store.users.get(session.userId);
}
