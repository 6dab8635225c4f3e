// The demo user's login: the authorization server prints it once, on the first start (it stores only
// a scrypt hash). `pnpm start` keeps a copy for `pnpm demo` in <data dir>/demo-login.json, mode 0600,
// next to the signing keys and session secret that the same directory already holds.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BANNER_LINE = /demo login \(shown once, stored only hashed\): (\S+) \/ (\S+)\s*$/;

/**
 * The login in a line of the authorization server's banner, if it is that line.
 * @param {string} line
 * @returns {{ username: string, password: string } | undefined}
 */
export function demoLoginIn(line) {
  const match = BANNER_LINE.exec(line);
  return match === null ? undefined : { username: match[1], password: match[2] };
}

/**
 * @param {string} dataDir
 * @param {{ username: string, password: string }} login
 */
export function saveDemoLogin(dataDir, login) {
  const file = join(dataDir, 'demo-login.json');
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/**
 * @param {string} dataDir
 * @returns {{ username: string, password: string } | undefined}
 */
export function savedDemoLogin(dataDir) {
  const file = join(dataDir, 'demo-login.json');
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    return typeof saved.username === 'string' && typeof saved.password === 'string'
      ? saved
      : undefined;
  } catch {
    return undefined;
  }
}
