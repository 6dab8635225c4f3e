import { createServer } from 'node:http';
import { join } from 'node:path';
import { createMcpVerifier } from '@gatehouse/mcp';
import {
  type AppParts,
  createApp,
  createServerAudit,
  validateConfig,
} from '@gatehouse/resource-server';
import { nodeCryptoBackend } from '@gatehouse/tokens/node';
import { type StartServer, stringOption } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { endpointOn, RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';
import { scratchDir } from '../net.js';

const noop = () => undefined;
/** pino at `warn`, as the other Gatehouse servers log: request lines are not written. */
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop };

/**
 * The resource server's own app (`createApp`: bearer token, scope guard, audit to a file, the
 * sample MCP server) with one change: its verifier checks signatures with `nodeCryptoBackend` from
 * `@gatehouse/tokens/node` (synchronous `node:crypto`) instead of WebCrypto. Scenario 2 reports it
 * beside the real server: what the resource server gains by injecting the backend.
 */
export const start: StartServer = async (options) => {
  const files = scratchDir('rs-node');
  const config = validateConfig({
    dev: true,
    resource: RESOURCE,
    issuer: stringOption(options, 'issuer'),
    scopesSupported: [TOOL_SCOPE],
    auditFile: join(files.dir, 'audit.log'),
  });
  const log = quiet as unknown as AppParts['log'];
  const audit = createServerAudit(config.auditFile, log);
  const verifier = createMcpVerifier({
    issuer: config.issuer,
    resource: RESOURCE,
    algorithms: config.algorithms,
    allowLoopbackHttp: true,
    verify: { backend: nodeCryptoBackend },
  });
  const { app, mcp } = createApp(config, { resource: RESOURCE, verifier, audit, log });
  const http = createServer(app.callback());
  const port = await listen(http);
  return {
    url: endpointOn(port),
    info: { audit: 'file sink, fsync every 200 ms', signatures: 'node:crypto (nodeCryptoBackend)' },
    close: async () => {
      await mcp.close();
      await stop(http);
      await audit.close();
      files.remove();
    },
  };
};
