import { describe, expect, it } from 'vitest';
import { resolveOptions } from './index.js';

interface Options {
  issuer: string;
  ttlSeconds: number;
  label?: string;
}
const spec = {
  defaults: { issuer: undefined, ttlSeconds: 300, label: undefined },
  required: ['issuer'] as const,
};

describe('resolveOptions', () => {
  it('merges input onto defaults and freezes the result', () => {
    const options = resolveOptions<Options>('make', { issuer: 'https://as', ttlSeconds: 60 }, spec);
    expect(options).toEqual({ issuer: 'https://as', ttlSeconds: 60 });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('keeps defaults for keys passed as undefined', () => {
    const options = resolveOptions<Options>(
      'make',
      { issuer: 'https://as', ttlSeconds: undefined },
      spec,
    );
    expect(options.ttlSeconds).toBe(300);
  });

  it('throws TypeError for unknown keys, missing required keys and non-objects', () => {
    expect(() => resolveOptions<Options>('make', { issuer: 'x', ttl: 1 }, spec)).toThrow(
      /unknown option "ttl"/,
    );
    expect(() => resolveOptions<Options>('make', {}, spec)).toThrow(/"issuer" is required/);
    for (const bad of [null, 'x', 3, ['issuer']]) {
      expect(() => resolveOptions<Options>('make', bad, spec)).toThrow(TypeError);
    }
  });

  it('does not let __proto__ through as an option', () => {
    const input = JSON.parse('{"issuer":"x","__proto__":{"admin":true}}');
    expect(() => resolveOptions<Options>('make', input, spec)).toThrow(
      /unknown option "__proto__"/,
    );
  });
});
