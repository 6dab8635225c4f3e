/**
 * Finds the fenced TypeScript blocks of a Markdown file, with the opt-out a block declares in an
 * HTML comment on the line right before its fence:
 *
 *   <!-- readme-check: skip-run (starts a server on port 443) -->   type-checked, not run
 *   <!-- readme-check: skip (pseudo-code: the shape of a handler) --> neither
 *
 * The reason in parentheses is required; a directive without one, or an unknown one, is an error
 * reported on that block, never a silent skip.
 */

/** What the checker does with a block. */
export type BlockMode = 'check-and-run' | 'check-only' | 'skip';

export interface CodeBlock {
  /** The Markdown file, relative to the repository root, with `/` separators. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The code, with the fence's indentation removed; line `n` (0-based) is file line `line + 1 + n`. */
  code: string;
  mode: BlockMode;
  /** Why the block opts out, as written in the directive. */
  reason?: string;
  /** A malformed directive: the block fails with this message. */
  directiveError?: string;
}

const TS_LANGUAGES = new Set(['ts', 'typescript', 'mts']);
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;
const DIRECTIVE = /^\s*<!--\s*readme-check:\s*(.*?)\s*-->\s*$/;
const DIRECTIVE_BODY = /^(skip-run|skip)\s*\((.*)\)$/;

function parseDirective(
  line: string | undefined,
): Pick<CodeBlock, 'mode' | 'reason' | 'directiveError'> {
  const match = line === undefined ? null : DIRECTIVE.exec(line);
  if (!match) return { mode: 'check-and-run' };
  const body = DIRECTIVE_BODY.exec(match[1] ?? '');
  if (!body) {
    return {
      mode: 'check-and-run',
      directiveError: `unknown readme-check directive "${match[1]}": use "skip-run (reason)" or "skip (reason)"`,
    };
  }
  const reason = (body[2] ?? '').trim();
  if (reason === '') {
    return { mode: 'check-and-run', directiveError: `"${body[1]}" needs a reason in parentheses` };
  }
  return { mode: body[1] === 'skip' ? 'skip' : 'check-only', reason };
}

/** Every fenced `ts`/`typescript` block of `markdown`, in order. */
export function extractBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] as string);
    if (!open) continue;
    const indent = (open[1] ?? '').length;
    const fence = open[2] as string;
    const language = (open[3] ?? '').toLowerCase();
    let end = index + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !closing.test(lines[end] as string)) end++;
    if (TS_LANGUAGES.has(language)) {
      let previous = index - 1;
      while (previous >= 0 && (lines[previous] as string).trim() === '') previous--;
      const code = lines
        .slice(index + 1, end)
        .map((text) => text.slice(Math.min(indent, text.length - text.trimStart().length)))
        .join('\n');
      blocks.push({ file, line: index + 1, code, ...parseDirective(lines[previous]) });
    }
    index = end;
  }
  return blocks;
}
