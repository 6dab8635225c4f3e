import { join } from 'node:path';
import { startResourceServer, validateConfig } from '@gatehouse/resource-server';
import { type StartServer, stringOption } from '../bench-server.js';
import { endpointOn, RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';
import { freePort, scratchDir } from '../net.js';

/**
 * The Gatehouse resource server as users run it (`startResourceServer`): bearer token (JWT via the
 * issuer's JWKS, verified-token cache), scope guard with the sample policy, audit log to a file
 * (hash chain, fsync every 200 ms), the sample MCP server over the SDK's Streamable HTTP transport,
 * stateless. Request logging is at `warn`, so no line is written per request.
 */
export const start: StartServer = async (options) => {
  const files = scratchDir('rs');
  const port = await freePort();
  const server = await startResourceServer(
    validateConfig({
      dev: true,
      host: '127.0.0.1',
      port,
      resource: RESOURCE,
      issuer: stringOption(options, 'issuer'),
      scopesSupported: [TOOL_SCOPE],
      auditFile: join(files.dir, 'audit.log'),
      logLevel: 'warn',
    }),
    { drainMs: 1000 },
  );
  return {
    url: endpointOn(port),
    info: { audit: 'file sink, fsync every 200 ms', sessions: 'stateless' },
    close: async () => {
      await server.close();
      files.remove();
    },
  };
};
