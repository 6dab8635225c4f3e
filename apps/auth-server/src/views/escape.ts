const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Characters that can make one string look like another: C0 and C1 controls, bidi embeddings,
 * overrides and isolates (U+202A-202E, U+2066-2069), the bidi marks, zero-width characters, line and
 * paragraph separators, the BOM, interlinear annotations, and tag characters.
 */
const DECEPTIVE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** Shown in place of a neutralized character, so that a spoofing attempt is visible. */
export const REPLACEMENT = '\ufffd';

/**
 * Client-supplied text made safe to show: deceptive characters replaced by U+FFFD, whitespace runs
 * collapsed, trimmed, and cut to `maxLength` characters (with an ellipsis). Escape it before output.
 */
export function neutralizeText(value: string, maxLength = 80): string {
  const cleaned = value
    .normalize('NFC')
    .replace(/[\t\n\r]+/g, ' ')
    .replace(DECEPTIVE, REPLACEMENT)
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}\u2026` : cleaned;
}

/** Client-supplied text as HTML: neutralized, escaped and isolated (`<bdi>`, direction from its own text) from the text around it. */
export function clientText(value: string, maxLength?: number): string {
  return `<bdi>${escapeHtml(neutralizeText(value, maxLength))}</bdi>`;
}
