import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSessionSecret } from './session-secret.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-session-'));
  dirs.push(dir);
  return dir;
}

describe('loadSessionSecret', () => {
  it('generates a random secret on first start, persists it (mode 0600) and reuses it', () => {
    const dir = tempDir();
    const first = loadSessionSecret({ dataDir: dir });
    expect(first.byteLength).toBe(32);
    expect(loadSessionSecret({ dataDir: dir })).toEqual(first);
    if (process.platform !== 'win32')
      expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(loadSessionSecret({ dataDir: tempDir() })).not.toEqual(first);
  });

  it('prefers a configured secret, hex or base64url', () => {
    const hex = 'ab'.repeat(32);
    expect(
      Buffer.from(loadSessionSecret({ dataDir: tempDir(), configured: hex })).toString('hex'),
    ).toBe(hex);
    const b64 = Buffer.alloc(40, 9).toString('base64url');
    expect(loadSessionSecret({ dataDir: tempDir(), configured: b64 }).byteLength).toBe(40);
  });

  it('refuses a configured secret under 32 bytes', () => {
    expect(() => loadSessionSecret({ dataDir: tempDir(), configured: 'short' })).toThrow(
      expect.objectContaining({ code: 'ERR_SESSION_SECRET_INVALID' }),
    );
  });
});
