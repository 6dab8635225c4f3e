import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { forecastFor, formatForecast } from './weather.js';

/** The prompt's name; the default policy grants it with `mcp:prompts:forecast-briefing`. */
export const BRIEFING_PROMPT = 'forecast-briefing';

/** Registers the `forecast-briefing` prompt: asks the model for a short briefing on a city. */
export function registerPrompts(mcp: McpServer): void {
  mcp.registerPrompt(
    BRIEFING_PROMPT,
    {
      title: 'Forecast briefing',
      description: 'A short travel briefing for a city, from its forecast.',
      argsSchema: { city: z.string().min(1).max(100) },
    },
    ({ city }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Write a two-sentence travel briefing. Today's forecast: ${formatForecast(forecastFor(city))}.`,
          },
        },
      ],
    }),
  );
}
