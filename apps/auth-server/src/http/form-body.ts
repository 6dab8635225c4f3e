import { decodeUtf8Strict, readContextBody } from '@gatehouse/internal';
import type { Context } from 'koa';
import { oauthError } from '../oauth/errors.js';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** Default cap for OAuth form bodies: room for a `private_key_jwt` assertion with an x5c chain. */
export const DEFAULT_FORM_LIMIT_BYTES = 32_768;

/** A parsed `application/x-www-form-urlencoded` body (RFC 6749 3.2 rules). */
export interface FormParams {
  /** The parameter's value; undefined when absent or empty (RFC 6749 3.1: empty means omitted). */
  get(name: string): string | undefined;
  /** Like `get`, but `invalid_request` naming the parameter when it is absent. */
  require(name: string): string;
  /** Whether the parameter was sent (even empty). */
  has(name: string): boolean;
}

/**
 * Reads an OAuth form body: `application/x-www-form-urlencoded` (UTF-8) only, at most `limit` bytes
 * (from `Content-Length` and while streaming: 413), strict UTF-8, and every parameter at most once
 * (RFC 6749 3.2; a repeated one is `invalid_request` naming it). Errors are coded OAuth errors.
 */
export async function readForm(
  ctx: Context,
  limit = DEFAULT_FORM_LIMIT_BYTES,
): Promise<FormParams> {
  if (!FORM_TYPE.test(ctx.get('content-type'))) {
    throw oauthError(
      'ERR_AS_REQUEST_CONTENT_TYPE',
      'invalid_request',
      'the request body must be application/x-www-form-urlencoded',
    );
  }
  const body = await readContextBody(ctx, limit);
  if (body.tooLarge) throw tooLarge(limit);
  let text: string;
  try {
    text = decodeUtf8Strict(body.bytes);
  } catch (cause) {
    throw oauthError('ERR_AS_REQUEST_ENCODING', 'invalid_request', 'the body is not UTF-8', {
      cause,
    });
  }
  return parseForm(text);
}

/** Parses a form string with the duplicate rule; exported for the tests and other form readers. */
export function parseForm(text: string): FormParams {
  const values = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (values.has(name)) {
      throw oauthError(
        'ERR_AS_REQUEST_DUPLICATE_PARAM',
        name === 'resource' ? 'invalid_target' : 'invalid_request',
        name === 'resource'
          ? 'only one resource per request is supported'
          : `parameter ${describe(name)} is repeated`,
      );
    }
    if (value.includes('\uFFFD')) {
      throw oauthError(
        'ERR_AS_REQUEST_ENCODING',
        'invalid_request',
        `parameter ${describe(name)} is not valid percent-encoded UTF-8`,
      );
    }
    values.set(name, value);
  }
  const get = (name: string): string | undefined => {
    const value = values.get(name);
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    get,
    has: (name) => values.has(name),
    require(name) {
      const value = get(name);
      if (value === undefined) {
        throw oauthError('ERR_AS_REQUEST_PARAM_MISSING', 'invalid_request', `${name} is required`);
      }
      return value;
    },
  };
}

/** A parameter name fit for a description: short, printable ASCII only. */
function describe(name: string): string {
  const clean = name.replace(/[^\x21-\x7e]/g, '?').slice(0, 40);
  return clean === '' ? '(empty)' : clean;
}

function tooLarge(limit: number) {
  return oauthError(
    'ERR_AS_REQUEST_TOO_LARGE',
    'invalid_request',
    `the body is over ${limit} bytes`,
    {
      status: 413,
    },
  );
}
