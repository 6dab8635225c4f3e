import type { ClientSummary } from './client-summary.js';
import { escapeHtml } from './escape.js';

/** The client block shared by the login and consent pages: badge, name, where it sends you back. */
export function clientCard(client: ClientSummary, resourceName: string): string {
  const kind =
    client.kind === 'metadata-document' ? 'Client ID metadata document' : 'Registered client id';
  const warnings = client.warnings
    .map((text) => `<p class="notice" role="note">${escapeHtml(text)}</p>`)
    .join('\n');
  return `<div class="client">
<span class="badge" aria-hidden="true">${escapeHtml(client.initial)}</span>
<div><strong><bdi>${escapeHtml(client.name)}</bdi></strong>
<span class="muted">wants to access ${escapeHtml(resourceName)}</span></div>
</div>
<dl>
<dt>Sends you back to</dt><dd>${escapeHtml(client.redirectHost)}</dd>
<dt>${kind}</dt><dd><bdi>${escapeHtml(client.clientId)}</bdi></dd>
</dl>
${warnings}`;
}
