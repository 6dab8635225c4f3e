import type { Context } from 'koa';
import type { ServerContext } from '../../context.js';
import { summarizeClient } from '../../views/client-summary.js';
import { sendHtml } from '../../views/html-response.js';
import { requestErrorPage } from '../../views/request-error-page.js';
import { recordEvent } from './audit.js';
import { trustsRedirectUri } from './redirect-trust.js';
import { authorizationResponseUrl, errorFields, redirectToClient } from './respond.js';
import type { ValidatedRequest } from './validate-request.js';

/** A request whose client and redirect URI are verified but whose other parameters are not. */
export type RequestError = Extract<ValidatedRequest, { kind: 'redirect' }>;

/**
 * Answers a request error for a verified redirect URI with the error response (`error`,
 * `error_description`, `state`, `iss`): a 303 to a client the administrator configured; for any
 * other client (DCR, CIMD) a page that shows the error and offers a link carrying the same response,
 * so this server never bounces a browser to an address anyone could register (RFC 9700 4.11.2).
 * Records `authorization.denied` with the reason code either way.
 */
export function answerRequestError(
  ctx: Context,
  server: ServerContext,
  failed: RequestError,
): void {
  const fields = errorFields(failed.error);
  if (fields.error === 'server_error') server.log.error({ err: failed.error }, 'authorize failed');
  const code = (failed.error as { code?: unknown }).code;
  recordEvent(ctx, server, {
    type: 'authorization.denied',
    outcome: 'failure',
    reason: typeof code === 'string' ? code : fields.error,
  });
  const response = { ...fields, state: failed.state, iss: server.config.issuer };
  if (trustsRedirectUri(server.config, failed.client)) {
    redirectToClient(ctx, failed.redirectUri, response);
    return;
  }
  const html = requestErrorPage({
    error: fields.error,
    errorDescription: fields.error_description,
    returnUrl: authorizationResponseUrl(failed.redirectUri, response),
    returnTo: summarizeClient(failed.client, failed.redirectUri).redirectHost,
  });
  sendHtml(ctx, 400, html, { forms: false });
}
