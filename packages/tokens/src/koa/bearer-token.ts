import type { Context } from 'koa';
import { parseAuthorization } from '../internal/parse-authorization.js';

/** Why a request is refused with 400 `invalid_request` before any verification. */
export type BearerRequestProblemCode =
  | 'ERR_TOKEN_HEADER_DUPLICATE'
  | 'ERR_TOKEN_HEADER_MALFORMED'
  | 'ERR_TOKEN_IN_QUERY'
  | 'ERR_TOKEN_IN_BODY';

/** A request that must be answered 400 `invalid_request`: its reason code and description. */
export interface BearerRequestProblem {
  readonly code: BearerRequestProblemCode;
  readonly description: string;
}

/**
 * The Bearer token of the request (RFC 6750 section 2.1, from the `Authorization` header only),
 * `undefined` for none (no header, or another scheme), or the problem that makes it a 400.
 */
export function bearerToken(ctx: Context): string | undefined | BearerRequestProblem {
  const raw = ctx.req.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'authorization') count++;
  }
  if (count > 1) {
    return problem('ERR_TOKEN_HEADER_DUPLICATE', 'send exactly one Authorization header');
  }
  if (new URLSearchParams(ctx.querystring).has('access_token')) {
    return problem(
      'ERR_TOKEN_IN_QUERY',
      'send the token in the Authorization header, not the query',
    );
  }
  const body = (ctx.request as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null && 'access_token' in body) {
    return problem('ERR_TOKEN_IN_BODY', 'send the token in the Authorization header, not the body');
  }
  const header = ctx.get('authorization');
  if (header === '') {
    return count === 0
      ? undefined
      : problem('ERR_TOKEN_HEADER_MALFORMED', 'the Authorization header is empty');
  }
  const parsed = parseAuthorization(header);
  if (parsed.kind === 'malformed') {
    return problem(
      'ERR_TOKEN_HEADER_MALFORMED',
      'the Authorization header must be: Bearer <token>',
    );
  }
  return parsed.kind === 'bearer' ? parsed.token : undefined;
}

function problem(code: BearerRequestProblemCode, description: string): BearerRequestProblem {
  return { code, description };
}
