import { RegistrationError } from '../errors.js';
import { splitAuthority } from './uri-parts.js';

/** A registration request as untrusted JSON: only own properties are ever read. */
export type Input = Readonly<Record<string, unknown>>;

/** The value of an own property, so `__proto__` and inherited names are never read. */
export function field(input: Input, name: string): unknown {
  return Object.hasOwn(input, name) ? input[name] : undefined;
}

export function optionalString(input: Input, name: string, max: number): string | undefined {
  const value = field(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new RegistrationError('ERR_REGISTRATION_FIELD_TYPE', `${name} must be a string`);
  }
  if (value.length > max) {
    throw new RegistrationError(
      'ERR_REGISTRATION_FIELD_TOO_LONG',
      `${name} is over ${max} characters`,
    );
  }
  return value;
}

export function optionalStringArray(
  input: Input,
  name: string,
  maxCount: number,
  maxLength: number,
): string[] | undefined {
  const value = field(input, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new RegistrationError(
      'ERR_REGISTRATION_FIELD_TYPE',
      `${name} must be an array of strings`,
    );
  }
  if (value.length > maxCount) {
    throw new RegistrationError(
      'ERR_REGISTRATION_FIELD_TOO_MANY',
      `${name} has over ${maxCount} values`,
    );
  }
  for (const item of value as string[]) {
    if (item.length > maxLength) {
      throw new RegistrationError(
        'ERR_REGISTRATION_FIELD_TOO_LONG',
        `a value of ${name} is over ${maxLength} characters`,
      );
    }
  }
  return [...new Set(value as string[])];
}

/** An https URL with a host and no userinfo or fragment (`client_uri`, `logo_uri`, `jwks_uri`...). */
export function optionalHttpsUri(input: Input, name: string, max: number): string | undefined {
  const value = optionalString(input, name, max);
  if (value === undefined) return undefined;
  const invalid = (why: string): never => {
    throw new RegistrationError('ERR_REGISTRATION_URI_INVALID', `${name} ${why}`);
  };
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) invalid('has invalid characters');
  if (!value.startsWith('https://') || !URL.canParse(value)) invalid('must be an https URL');
  if (value.includes('#')) invalid('must not have a fragment');
  if (splitAuthority(value)?.userinfo !== undefined) invalid('must not contain userinfo');
  return value;
}
