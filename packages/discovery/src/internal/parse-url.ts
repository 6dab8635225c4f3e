/** `new URL(text)`, or `undefined` when `text` is not an absolute URL (URL.parse is not everywhere yet). */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
