/**
 * The freshness lifetime a `Cache-Control` header grants, in seconds: `max-age`, or `undefined` when
 * the response must not be reused (`no-store`, `no-cache`, no `max-age`, or a malformed one).
 */
export function maxAgeSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  let maxAge: number | undefined;
  for (const directive of header.split(',')) {
    const [rawName = '', rawValue] = directive.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'no-store' || name === 'no-cache') return undefined;
    if (name === 'max-age') {
      const value = rawValue?.trim().replace(/^"(.*)"$/, '$1') ?? '';
      if (!/^\d{1,10}$/.test(value) || maxAge !== undefined) return undefined;
      maxAge = Number(value);
    }
  }
  return maxAge;
}
