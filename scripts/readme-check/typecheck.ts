import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './extract.js';
import { blockFileName, blockId } from './sources.js';

/**
 * The compiler options of the repository (`tsconfig.base.json`: strict, exact optional properties,
 * unchecked index access, verbatim module syntax), as a user with a strict project has them, for
 * modules that only type-check.
 */
export function compilerOptions(root: string, typeRoot: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
  if (errors.length > 0)
    throw new Error(ts.flattenDiagnosticMessageText(errors[0]?.messageText, '\n'));
  return {
    ...options,
    noEmit: true,
    declaration: false,
    isolatedDeclarations: false,
    types: ['node'],
    typeRoots: [typeRoot],
  };
}

/** Writes a block as a module: its code as written, then `export {}` so that blocks never share a scope. */
export function writeBlockModule(dir: string, block: CodeBlock, extension: string): string {
  const path = join(dir, `${blockFileName(block)}${extension}`);
  writeFileSync(path, `${block.code}\nexport {};\n`);
  return path;
}

function describe(diagnostic: ts.Diagnostic, block: CodeBlock | undefined): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
  if (!block || !diagnostic.file || diagnostic.start === undefined) {
    return `error TS${diagnostic.code}: ${message}`;
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const source = block.code.split('\n')[line]?.trim() ?? '';
  return (
    `${block.file}:${block.line + 1 + line}:${character + 1} error TS${diagnostic.code}: ${message}` +
    (source ? `\n    > ${source}` : '')
  );
}

/**
 * Type-checks every block in one program (each block a module in `dir`), and returns the errors of
 * each block by its id (`README.md:36`); errors that belong to no block are under `''`.
 */
export function typecheckBlocks(
  blocks: readonly CodeBlock[],
  dir: string,
  options: ts.CompilerOptions,
): Map<string, string[]> {
  const byPath = new Map<string, CodeBlock>();
  for (const block of blocks) byPath.set(writeBlockModule(dir, block, '.ts'), block);
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options });
  const errors = new Map<string, string[]>(blocks.map((block) => [blockId(block), []]));
  errors.set('', []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const block = diagnostic.file ? byPath.get(diagnostic.file.fileName) : undefined;
    errors.get(block ? blockId(block) : '')?.push(describe(diagnostic, block));
  }
  return errors;
}

/** The bare package names a block imports (`koa`, `@gatehouse/tokens`), for the sandbox links. */
export function importedPackages(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName);
}

/** The block as JavaScript, for running: types erased, imports kept as written. */
export function toJavaScript(code: string): string {
  return ts.transpileModule(`${code}\nexport {};\n`, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  }).outputText;
}
