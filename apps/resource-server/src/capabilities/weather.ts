import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { callerOf, describeCaller } from './caller.js';

/** The weather tool's name; the default policy grants it with `mcp:tools:weather`. */
export const WEATHER_TOOL = 'weather';

const CONDITIONS = ['sunny', 'partly cloudy', 'overcast', 'light rain', 'showers', 'windy', 'fog'];

/** A forecast: the same city always gets the same one (this is a sample, not a weather service). */
export interface Forecast {
  readonly city: string;
  readonly conditions: string;
  readonly highCelsius: number;
  readonly lowCelsius: number;
}

/** 32-bit FNV-1a of the city name, case-insensitive: the seed of its fake forecast. */
function seedOf(city: string): number {
  let hash = 0x811c9dc5;
  for (const char of city.trim().toLowerCase()) {
    hash ^= char.codePointAt(0) as number;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The deterministic fake forecast for `city`. */
export function forecastFor(city: string): Forecast {
  const seed = seedOf(city);
  const high = 5 + (seed % 25);
  return {
    city: city.trim(),
    conditions: CONDITIONS[(seed >>> 8) % CONDITIONS.length] as string,
    highCelsius: high,
    lowCelsius: high - 3 - ((seed >>> 16) % 8),
  };
}

/** `Paris: light rain, 14°C / 9°C`. */
export function formatForecast(forecast: Forecast): string {
  return `${forecast.city}: ${forecast.conditions}, ${forecast.highCelsius}°C / ${forecast.lowCelsius}°C`;
}

/** Registers the `weather` tool: a fake forecast for a city, naming who asked. */
export function registerWeather(mcp: McpServer): void {
  mcp.registerTool(
    WEATHER_TOOL,
    {
      title: 'Weather forecast',
      description: "Today's forecast for a city (deterministic sample data).",
      inputSchema: { city: z.string().min(1).max(100).describe('The city, e.g. "Lisbon"') },
    },
    async ({ city }, extra) => {
      const caller = callerOf(extra.authInfo);
      return {
        content: [
          {
            type: 'text',
            text: `${formatForecast(forecastFor(city))} (asked by ${describeCaller(caller)})`,
          },
        ],
      };
    },
  );
}
