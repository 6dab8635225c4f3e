import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { type CodeBlock, extractBlocks } from './extract.js';

/** Folders whose `README.md` files are checked, one level deep, besides the root README. */
const README_PARENTS = ['packages', 'apps'];
/** Single folders whose `README.md` is checked. */
const README_FOLDERS = ['bench', 'e2e'];
/** Every Markdown file under `docs/`, except the generated API reference. */
const DOCS = 'docs';
const DOCS_GENERATED = join('docs', 'api');

function markdownUnder(root: string, folder: string): string[] {
  const path = join(root, folder);
  if (!existsSync(path)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(folder, entry.name);
    if (entry.isDirectory() && child !== DOCS_GENERATED && entry.name !== 'node_modules') {
      found.push(...markdownUnder(root, child));
    } else if (entry.isFile() && entry.name.endsWith('.md')) {
      found.push(child);
    }
  }
  return found;
}

/** The Markdown files whose `ts` blocks are checked, relative to `root`, sorted. */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  for (const parent of README_PARENTS) {
    const path = join(root, parent);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path)) {
      if (statSync(join(path, name)).isDirectory()) files.push(join(parent, name, 'README.md'));
    }
  }
  files.push(...README_FOLDERS.map((folder) => join(folder, 'README.md')));
  files.push(...markdownUnder(root, DOCS));
  return files
    .filter((file) => existsSync(join(root, file)))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

/** Every fenced TypeScript block of every checked Markdown file under `root`. */
export function collectBlocks(root: string): CodeBlock[] {
  return markdownFiles(root).flatMap((file) =>
    extractBlocks(file, readFileSync(join(root, file), 'utf8')),
  );
}

/** `packages/scopes/README.md:141`: how reports and test names point at a block. */
export function blockId(block: Pick<CodeBlock, 'file' | 'line'>): string {
  return `${block.file}:${block.line}`;
}

/** A file name for a block's generated module: `packages-scopes-README.md-141`. */
export function blockFileName(block: Pick<CodeBlock, 'file' | 'line'>): string {
  return `${block.file.replace(/[^\w.]+/g, '-')}-${block.line}`;
}
