import { SETTINGS } from './settings.js';

/** The `--help` text: every setting with its flag and environment variable. */
export function helpText(): string {
  const lines = [
    'gatehouse-mcp-server: a sample MCP server protected by Gatehouse (Streamable HTTP)',
    '',
    'Usage: gatehouse-mcp-server [options]',
    '',
    'Each option can also be set by its environment variable; flags win.',
    '',
  ];
  for (const setting of SETTINGS) {
    const flag =
      setting.flag === ''
        ? '(no flag)'
        : `--${setting.flag}${setting.value === undefined ? '' : ` <${setting.value}>`}`;
    lines.push(`  ${flag.padEnd(44)}${setting.env}`, `      ${setting.help}`);
  }
  lines.push(
    `  ${'-h, --help'.padEnd(44)}Show this help`,
    '',
    'Lists are separated by commas or spaces. Without --dev, --resource and --issuer are required',
    'and must be https. Example (with the Gatehouse authorization server on port 4000):',
    '',
    '  gatehouse-mcp-server --dev',
    '',
  );
  return `${lines.join('\n')}\n`;
}
