import { decodeUtf8Strict, readContextBody } from '@gatehouse/internal';
import type { Context } from 'koa';
import { RegistrationError } from '../errors.js';

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * Reads the request body as JSON, refusing more than `limit` bytes (from `Content-Length` and while
 * streaming). Uses `ctx.request.body` instead when a body parser already ran.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  if (!JSON_TYPE.test(ctx.get('content-type'))) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REQUEST_TYPE',
      'the request body must be application/json',
    );
  }
  const body = await readContextBody(ctx, limit);
  if (body.tooLarge) {
    throw new RegistrationError(
      'ERR_REGISTRATION_TOO_LARGE',
      `the request body is over ${limit} bytes`,
    );
  }
  try {
    return JSON.parse(decodeUtf8Strict(body.bytes));
  } catch (cause) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REQUEST_TYPE',
      'the request body is not valid JSON',
      { cause },
    );
  }
}
