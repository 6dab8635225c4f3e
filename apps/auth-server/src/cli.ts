#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { GatehouseError } from '@gatehouse/errors';
import { clientsAdd, clientsNewSecret, clientsRemove } from './cli/clients-command.js';
import { helpText } from './cli/help.js';
import { promptPassword, readStdin } from './cli/read-password.js';
import { usersAdd } from './cli/users-command.js';
import { nowSeconds, withStore } from './cli/with-store.js';
import { loadConfig } from './config.js';
import type { RawConfig } from './config-sources.js';
import type { AuthServerConfig } from './context.js';
import { loadSigningKeys } from './keys/index.js';
import { startAuthServer } from './server.js';

/** What the CLI reads and writes (injectable for tests). */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  /** The password for `users add`: standard input with `--password-stdin`, else a prompt. */
  password(name: string, fromStdin: boolean): Promise<string>;
}

const processIo: CliIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  password: (name, fromStdin) =>
    fromStdin ? readStdin() : promptPassword(`Password for ${name}: `),
};

/** Runs `gatehouse-auth` with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      dev: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      issuer: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      claim: { type: 'string', multiple: true },
      name: { type: 'string' },
      grant: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      'redirect-uri': { type: 'string', multiple: true },
      'auth-method': { type: 'string' },
      'jwks-uri': { type: 'string' },
      'client-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(helpText());
    return 0;
  }
  const overrides: RawConfig = {};
  if (values.dev) overrides.dev = true;
  if (values.host !== undefined) overrides.host = values.host;
  if (values.issuer !== undefined) overrides.issuer = values.issuer;
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port))
      throw new GatehouseError('ERR_CONFIG_INVALID', '--port must be a number');
    overrides.port = Number(values.port);
  }
  const config = () => loadConfig({ file: values.config, env: io.env, overrides });
  const [command = 'start', sub, name, ...extra] = positionals;
  if (extra.length > 0) return unknownCommand(positionals, io);
  if (command === 'start' && sub === undefined) return start(config(), io);
  if (command === 'users' && sub === 'add' && name !== undefined) {
    const settings = config();
    const password = await io.password(name, values['password-stdin'] === true);
    return usersAdd(settings, { username: name, password, claimFlags: values.claim ?? [] }, io.out);
  }
  if (command === 'clients' && sub === 'add' && name === undefined) {
    return clientsAdd(
      config(),
      {
        name: values.name,
        grant: values.grant ?? [],
        scope: values.scope ?? [],
        redirectUri: values['redirect-uri'] ?? [],
        authMethod: values['auth-method'],
        jwksUri: values['jwks-uri'],
        clientId: values['client-id'],
      },
      io.out,
    );
  }
  if (command === 'clients' && sub === 'remove' && name !== undefined) {
    return clientsRemove(config(), name, io.out);
  }
  if (command === 'clients' && sub === 'new-secret' && name === undefined) {
    return clientsNewSecret(io.out);
  }
  if (command === 'keys' && sub === 'rotate') {
    const settings = config();
    return withStore(settings, async (store) => {
      const longest = Math.max(...settings.resources.map((r) => r.accessTokenTtlSeconds));
      const keys = await loadSigningKeys({
        store: store.signingKeys,
        publishSeconds: settings.keyPublishSeconds,
        retainSeconds: longest + 300,
      });
      const { kid, activatesAt } = await keys.rotate(nowSeconds());
      io.out(
        `new key ${kid}: published now, signs from ${new Date(activatesAt * 1000).toISOString()}\n`,
      );
    });
  }
  return unknownCommand(positionals, io);
}

function unknownCommand(positionals: readonly string[], io: CliIo): number {
  io.err(`unknown command: ${positionals.join(' ')}\n\n${helpText()}`);
  return 2;
}

async function start(config: AuthServerConfig, io: CliIo): Promise<number> {
  const server = await startAuthServer(config);
  const lines = [
    '',
    `Gatehouse authorization server: ${server.url}`,
    `  metadata  ${server.url}/.well-known/oauth-authorization-server`,
  ];
  if (server.demoUser) {
    lines.push(
      `  demo login (shown once, stored only hashed): ${server.demoUser.username} / ${server.demoUser.password}`,
    );
  }
  io.out(`${lines.join('\n')}\n\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

const invoked = process.argv[1] ?? '';
if (/(?:^|[\\/])cli\.(?:js|ts)$/.test(invoked) || invoked.endsWith('gatehouse-auth')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const coded = GatehouseError.isInstance(error);
      process.stderr.write(
        `gatehouse-auth: ${coded ? error.message : String((error as Error)?.message ?? error)}\n`,
      );
      process.exit(1);
    },
  );
}
