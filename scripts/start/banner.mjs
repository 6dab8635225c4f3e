// The banner `pnpm start` prints once both apps answer.
import { relative } from 'node:path';

/**
 * @param {{
 *   mcpUrl: string,
 *   issuer: string,
 *   root: string,
 *   dataDir: string,
 *   login: { username: string, password: string } | undefined,
 *   firstStart: boolean,
 * }} state
 * @returns {string}
 */
export function banner({ mcpUrl, issuer, root, dataDir, login, firstStart }) {
  const data = relative(root, dataDir) || '.';
  const loginLines =
    firstStart && login
      ? [
          `  Demo login    ${login.username} / ${login.password}`,
          `                (made now, shown once; a copy for \`pnpm demo\` is in ${data}/demo-login.json)`,
        ]
      : [
          `  Demo login    ${login?.username ?? 'demo'} (password shown on the first start${login ? `; kept in ${data}/demo-login.json` : ''})`,
          '                forgot it? add a user: node apps/auth-server/dist/cli.js users add <name> --dev',
        ];
  return [
    '',
    'Gatehouse is running: an MCP server protected by OAuth 2.1',
    '',
    `  MCP server    ${mcpUrl}`,
    `  Issuer        ${issuer}  (authorization server)`,
    ...loginLines,
    `  Data          ${data}/  (SQLite, signing keys, audit logs)`,
    '',
    'Connect an MCP client:',
    '  MCP Inspector   npx @modelcontextprotocol/inspector',
    `                  then Transport "Streamable HTTP", URL ${mcpUrl}, and Connect:`,
    '                  it finds the authorization server, registers, and sends you to sign in',
    `  Other clients   any MCP client with OAuth support: give it ${mcpUrl}`,
    '  The whole story, scripted: `pnpm demo` in a second terminal',
    '',
    'Ctrl-C stops both servers.',
    '',
  ].join('\n');
}
