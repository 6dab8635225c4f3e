import { freePort } from '../free-port.js';
import { type AuthServerProcess, startAuthServerProcess } from './auth-server-process.js';
import {
  type ResourceServerProcess,
  startResourceServerProcess,
} from './resource-server-process.js';
import { obtainUserToken } from './user-token.js';

/** Every scope the sample MCP server understands. */
export const ALL_SCOPES = [
  'mcp:tools:*',
  'mcp:resources:*',
  'mcp:prompts:*',
  'mcp:exec:workflows:*',
];

/** The authorization server and the protected MCP server, each in its own process. */
export interface ProtectedStack {
  issuer: string;
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  resource: string;
  /** An access token for the MCP server with `scope`, got through a real authorization. */
  token(scope: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts both apps as users run them (`--dev`, loopback, temp files): the authorization server knows
 * the MCP server as its resource, and the MCP server trusts the authorization server's issuer.
 */
export async function startProtectedStack(
  sessions: 'stateless' | 'stateful',
): Promise<ProtectedStack> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  let auth: AuthServerProcess | undefined;
  let mcp: ResourceServerProcess | undefined;
  const close = async () => {
    await mcp?.close();
    await auth?.close();
  };
  try {
    auth = await startAuthServerProcess([
      { uri: resource, scopes: ALL_SCOPES, accessTokenTtlSeconds: 3600 },
    ]);
    mcp = await startResourceServerProcess({ issuer: auth.issuer, port, sessions });
  } catch (error) {
    await close();
    throw error;
  }
  const { issuer, demo } = auth;
  let clients = 0;
  return {
    issuer,
    resource,
    token: async (scope) => {
      clients += 1;
      const tokens = await obtainUserToken({
        issuer,
        resource,
        scope,
        user: demo,
        clientName: `e2e external client ${clients}`,
      });
      return tokens.accessToken;
    },
    close,
  };
}
