/**
 * The userinfo of URLs inside a string (`scheme://user:password@host`), replaced whole: the password,
 * and the user name too, since tokens travel as user names (`https://<token>@host`,
 * `https://<token>:x-oauth-basic@host`). The authority runs from `//` to the first `/`, `?`, `#` or
 * white space, and URL parsers end the userinfo at its **last** `@`, so a password with an unencoded
 * `@` (`postgres://u:se@cret@db`) is hidden up to that one, not to the first. One match per `//`,
 * over disjoint runs (a run ends at the next `/`): linear.
 */

const USERINFO = /\/\/([^\s/?#]+)@/g;
// the same, percent-encoded once or more inside another value (`next=https%3A%2F%2Fu%3Ap%40host`):
// `%2F%2F`, then anything up to an encoded or plain `/`, `?`, `#`, `&`, quote or space, to the last
// encoded or plain `@`
const ENCODED_START = /%(?:25){0,4}2F%(?:25){0,4}2F/i;
const ENCODED_USERINFO =
  /(%(?:25){0,4}2F%(?:25){0,4}2F)((?:(?!%(?:25){0,4}(?:2F|3F|23))[^\s/?#&"'])+)(%(?:25){0,4}40|@)/gi;

/** Replaces the userinfo of every URL in `value` (plain or percent-encoded) with `mark(userinfo)`. */
export function redactUserinfo(value: string, mark: (secret: string) => string): string {
  let out = value;
  if (out.includes('@')) {
    out = out.replace(USERINFO, (_all, userinfo: string) => `//${mark(userinfo)}@`);
  }
  if (out.includes('%') && ENCODED_START.test(out)) {
    out = out.replace(
      ENCODED_USERINFO,
      (_all, start: string, userinfo: string, at: string) => `${start}${mark(userinfo)}${at}`,
    );
  }
  return out;
}
