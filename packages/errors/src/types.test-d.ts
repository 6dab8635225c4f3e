import { expectTypeOf } from 'vitest';
import {
  GatehouseError,
  type OAuthErrorBody,
  type OAuthErrorCode,
  toOAuthErrorBody,
} from './index.js';

expectTypeOf<OAuthErrorCode>().toExtend<string>();
expectTypeOf<'invalid_target'>().toExtend<OAuthErrorCode>();
expectTypeOf<'made_up'>().not.toExtend<OAuthErrorCode>();
expectTypeOf(toOAuthErrorBody).returns.toEqualTypeOf<OAuthErrorBody>();

declare const value: unknown;
if (GatehouseError.isInstance(value)) {
  expectTypeOf(value.code).toEqualTypeOf<string>();
  expectTypeOf(value.oauthError).toEqualTypeOf<OAuthErrorCode | undefined>();
}
