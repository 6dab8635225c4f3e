import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { registerCustomerData } from './capabilities/customers.js';
import { registerPrompts } from './capabilities/prompts.js';
import { registerWeather } from './capabilities/weather.js';
import { registerWhoami } from './capabilities/whoami.js';
import { registerWorkflows } from './capabilities/workflows.js';

/**
 * One validator for every server: the factory runs per request (stateless mode), and a new `McpServer`
 * would otherwise build its own Ajv instance each time (about 250 µs of a request's CPU). Ajv keeps every
 * schema object it compiles; no tool here declares an `outputSchema` (the only schemas it compiles), and
 * one that does must build that schema once, outside the factory.
 */
const jsonSchemaValidator = new AjvJsonSchemaValidator();

/** The name and version the server reports in `initialize`. */
export const SERVER_INFO = Object.freeze({ name: 'gatehouse-sample', version: '0.1.0' });

/**
 * Builds the sample MCP SDK server: the `weather` and `whoami` tools, `run_workflow`, the
 * `customer-data` resource template and the `forecast-briefing` prompt. It knows nothing of OAuth:
 * `@gatehouse/mcp` authorizes each request before the SDK sees it, narrows the list results, and hands
 * each handler the verified token as `extra.authInfo`.
 */
export function createMcpServer(): McpServer {
  const mcp = new McpServer(SERVER_INFO, {
    jsonSchemaValidator,
    instructions:
      'A sample MCP server protected by Gatehouse. What you can list and call depends on the scopes of your token.',
  });
  registerWeather(mcp);
  registerWhoami(mcp);
  registerWorkflows(mcp);
  registerCustomerData(mcp);
  registerPrompts(mcp);
  return mcp;
}
