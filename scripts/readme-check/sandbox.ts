import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A scratch project outside the repository where README blocks are written as modules. Its
 * `node_modules` links each package a block imports: `@gatehouse/*` to the workspace package
 * folder (so its `exports` map and built `dist/` are used, exactly as after `npm install`), any
 * other package to the copy installed for some workspace package, with its `@types/*` if any.
 */
export interface Sandbox {
  dir: string;
  /** Where block modules are written (so that `node_modules` resolves from them). */
  blocksDir: string;
  /** A fresh working directory for running one block (files it writes stay in the sandbox). */
  workDir(name: string): string;
  /** Imported packages that nothing in the workspace provides, or workspace packages not built. */
  unresolved: string[];
  dispose(): void;
}

const WORKSPACE_PARENTS = ['packages', 'apps'];
const WORKSPACE_FOLDERS = ['.', 'e2e', 'bench'];

function workspaceFolders(root: string): string[] {
  const folders = WORKSPACE_FOLDERS.map((folder) => join(root, folder));
  for (const parent of WORKSPACE_PARENTS) {
    const path = join(root, parent);
    if (!existsSync(path)) continue;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join(path, entry.name));
    }
  }
  return folders.filter((folder) => existsSync(join(folder, 'package.json')));
}

function workspacePackages(root: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const folder of workspaceFolders(root)) {
    const { name } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name?: string;
    };
    if (name?.startsWith('@gatehouse/')) byName.set(name, folder);
  }
  return byName;
}

/** `@koa/router/x` -> `@koa/router`, `koa` -> `koa`; `undefined` for relative and built-in ones. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function typesPackageOf(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

/** Creates the sandbox with links for `packageNames` (and `@types/node`). */
export function createSandbox(root: string, packageNames: Iterable<string>): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-readme-check-'));
  const modules = join(dir, 'node_modules');
  const blocksDir = join(dir, 'blocks');
  mkdirSync(blocksDir, { recursive: true });
  writePackageJson(dir);
  const workspace = workspacePackages(root);
  const folders = workspaceFolders(root);
  const installed = (name: string): string | undefined => {
    const local = workspace.get(name);
    if (local) return local;
    for (const folder of folders) {
      const candidate = join(folder, 'node_modules', name);
      if (existsSync(candidate)) return realpathSync(candidate);
    }
    return undefined;
  };
  const link = (name: string, target: string): void => {
    const path = join(modules, name);
    if (existsSync(path)) return;
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  };
  const unresolved: string[] = [];
  for (const name of new Set([...packageNames, '@types/node'])) {
    const target = installed(name);
    if (!target) {
      unresolved.push(`no workspace package provides "${name}"`);
      continue;
    }
    const missing = workspace.has(name) ? missingBuildOutputs(target) : [];
    if (missing.length > 0) {
      unresolved.push(`${name} is not built (no ${missing.join(', ')}): run pnpm build first`);
    }
    link(name, target);
    const types = installed(typesPackageOf(name));
    if (types) link(typesPackageOf(name), types);
  }
  let runs = 0;
  return {
    dir,
    blocksDir,
    unresolved,
    workDir(name: string): string {
      const path = join(dir, 'run', `${++runs}-${name}`);
      mkdirSync(path, { recursive: true });
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The files a workspace package's `exports` map names that do not exist (an unbuilt `dist/`). */
function missingBuildOutputs(folder: string): string[] {
  const { exports } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    exports?: unknown;
  };
  const files: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') files.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(exports);
  return files.filter((file) => !existsSync(join(folder, file)));
}

function writePackageJson(dir: string): void {
  const manifest = { name: 'readme-check-sandbox', private: true, type: 'module' };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest)}\n`);
}
