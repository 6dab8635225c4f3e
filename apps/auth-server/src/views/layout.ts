import { escapeHtml } from './escape.js';
import { STYLESHEET } from './stylesheet.js';

/** The page shell: language, viewport, the stylesheet, one `<main>` landmark. `body` is trusted HTML. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>${STYLESHEET}</style>
</head>
<body>
<main>
<p class="brand">Gatehouse</p>
${body}
</main>
<footer>Protected by Gatehouse · OAuth 2.1</footer>
</body>
</html>
`;
}

/** Hidden inputs (values escaped). */
export function hiddenInputs(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
}
