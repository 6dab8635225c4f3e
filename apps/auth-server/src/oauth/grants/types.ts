import type { Context } from 'koa';
import type { ServerContext } from '../../context.js';
import type { FormParams } from '../../http/form-body.js';
import type { AuthenticatedClient } from '../client-auth.js';
import type { TokenResponse } from '../issue-tokens.js';

/** What a grant handler receives. */
export interface GrantRequest {
  server: ServerContext;
  ctx: Context;
  form: FormParams;
  client: AuthenticatedClient;
}

/** A grant handler: the token response, or a coded OAuth error. */
export type GrantHandler = (request: GrantRequest) => Promise<TokenResponse>;
