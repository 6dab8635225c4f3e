import { expectTypeOf } from 'vitest';
import { createPkcePair, isCodeVerifier, type PkcePair, verifyCodeVerifier } from './index.js';

expectTypeOf(createPkcePair).returns.resolves.toEqualTypeOf<PkcePair>();
expectTypeOf<PkcePair['method']>().toEqualTypeOf<'S256'>();
expectTypeOf(verifyCodeVerifier).returns.resolves.toBeVoid();

declare const input: unknown;
if (isCodeVerifier(input)) expectTypeOf(input).toBeString();
