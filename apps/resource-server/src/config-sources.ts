import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from './config-error.js';
import { SETTINGS, type SettingKind } from './settings.js';

/** A configuration from the environment or the command line: unchecked, partial. */
export type RawConfig = Record<string, unknown>;

function parse(source: string, text: string, kind: SettingKind): unknown {
  switch (kind) {
    case 'number':
      if (!/^\d+$/.test(text)) throw new ConfigError([`${source}: must be a whole number`]);
      return Number(text);
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off)$/i.test(text)) return false;
      throw new ConfigError([`${source}: must be true or false`]);
    case 'list':
      return text.split(/[\s,]+/).filter((item) => item !== '');
    default:
      return text;
  }
}

/** The settings the `GATEHOUSE_MCP_*` variables give (empty variables are ignored). */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): RawConfig {
  const raw: RawConfig = {};
  for (const { key, env: name, kind } of SETTINGS) {
    const text = env[name];
    if (text !== undefined && text !== '') raw[key] = parse(name, text, kind);
  }
  return raw;
}

/** The command line: the settings its flags give, and whether `--help` was asked. */
export function readFlags(argv: readonly string[]): { raw: RawConfig; help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const { flag, kind } of SETTINGS) {
    if (flag !== '') options[flag] = { type: kind === 'boolean' ? 'boolean' : 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  const raw: RawConfig = {};
  for (const { key, flag, kind } of SETTINGS) {
    const value = flag === '' ? undefined : values[flag];
    if (value === undefined) continue;
    raw[key] = typeof value === 'boolean' ? value : parse(`--${flag}`, value, kind);
  }
  return { raw, help: values.help === true };
}

/** The client secret in `path` (surrounding whitespace trimmed). */
export function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError([`introspectionClientSecretFile: ${path} cannot be read`]);
  }
}
