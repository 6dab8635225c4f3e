import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '@gatehouse/errors';
import { MIN_SECRET_BYTES } from './signer.js';

/** Where {@link loadSessionSecret} looks. */
export interface SessionSecretSource {
  /** A configured secret (e.g. `GATEHOUSE_SESSION_SECRET`): base64url or hex, at least 32 bytes. */
  configured?: string | undefined;
  /** The data directory: the secret is generated there on first start (`session-secret`, mode 0600). */
  dataDir: string;
}

const FILE = 'session-secret';

/**
 * The secret that signs session cookies and form state: the configured one, else the one saved in the
 * data directory, else a new random one saved there. Never a built-in value. Replicas that share a
 * database but not a data directory must be given the same configured secret.
 */
export function loadSessionSecret(source: SessionSecretSource): Uint8Array {
  if (source.configured !== undefined && source.configured !== '') {
    return decodeSecret(source.configured, 'the configured session secret');
  }
  const path = join(source.dataDir, FILE);
  mkdirSync(source.dataDir, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(MIN_SECRET_BYTES).toString('base64url')}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  return decodeSecret(readFileSync(path, 'utf8').trim(), path);
}

function decodeSecret(text: string, where: string): Uint8Array {
  const bytes =
    /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0
      ? Buffer.from(text, 'hex')
      : /^[A-Za-z0-9_-]+$/.test(text)
        ? Buffer.from(text, 'base64url')
        : undefined;
  if (bytes === undefined || bytes.byteLength < MIN_SECRET_BYTES) {
    throw new GatehouseError(
      'ERR_SESSION_SECRET_INVALID',
      `${where} must be base64url or hex encoding at least ${MIN_SECRET_BYTES} bytes`,
    );
  }
  return new Uint8Array(bytes);
}
