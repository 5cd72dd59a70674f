import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Loader, type Plugin } from 'esbuild';

// Bundles a job module into one file, the job artifact (ARCHITECTURE §3). `weir` stays external and points at this
// very installation by absolute URL, so the client, the slot workers and the coordinator all share one copy of the
// runtime's modules in each thread. Source maps are inline, so stack traces name the user's file and line.

export interface JobArtifact {
  /** The job file the user named. */
  readonly sourcePath: string;
  readonly path: string;
  readonly url: string;
}

/** The package's public entries ('weir', 'weir/<name>') and the modules they are, relative to src/. */
const ENTRIES: Readonly<Record<string, string>> = {
  '': 'index',
  nexmark: 'connectors/nexmark/index',
  testing: 'testing/index',
};

/** file: URL of this installation's entry (src/*.ts under tsx, build/src/*.js when compiled). */
function weirEntry(subpath: string): string | undefined {
  const module = ENTRIES[subpath];
  if (module === undefined) return undefined;
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`../../${module}${ext}`, import.meta.url).href;
}

const weirExternal: Plugin = {
  name: 'weir-external',
  setup(b) {
    b.onResolve({ filter: /^weir(\/[a-z-]+)?$/ }, (args) => {
      const subpath = args.path === 'weir' ? '' : args.path.slice('weir/'.length);
      const path = weirEntry(subpath);
      if (path === undefined) {
        return { errors: [{ text: `'${args.path}' is not an entry of weir (entries: weir, weir/nexmark)` }] };
      }
      return { path, external: true };
    });
  },
};

/**
 * Keeps `import.meta.url` (and dirname/filename) of the user's own files pointing at those files, not at the
 * artifact, so a job can read data files next to it in the client and in every worker alike.
 */
const keepImportMeta: Plugin = {
  name: 'weir-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const url = pathToFileURL(args.path).href;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(url))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      const ext = extname(args.path).replace(/^\.[cm]?/, '');
      return { contents, loader: (ext === 'tsx' || ext === 'jsx' || ext === 'ts' ? ext : 'js') as Loader };
    });
  },
};

export async function bundleJob(jobPath: string): Promise<JobArtifact> {
  const sourcePath = resolve(jobPath);
  if (!existsSync(sourcePath)) {
    throw new Error(
      `Job file ${jobPath} does not exist (looked at ${sourcePath}). Pass the path of a .ts or .js job module.`,
    );
  }
  const dir = join(tmpdir(), 'weir-artifacts');
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      entryPoints: [sourcePath],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      write: false,
      // Source map paths are relative to the output folder, the artifact's folder; sourceRoot anchors them there, so
      // they name the user's files wherever the artifact is moved (a cluster's upload dir, an uploaded jar).
      outdir: dir,
      sourceRoot: `${pathToFileURL(dir).href}/`,
      logLevel: 'silent',
      plugins: [weirExternal, keepImportMeta],
      banner: {
        js: "import { createRequire as __weirCreateRequire } from 'node:module'; const require = __weirCreateRequire(import.meta.url);",
      },
    });
  } catch (error) {
    const errors = (
      error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } }> }
    ).errors;
    const detail = errors
      ?.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
      .join('\n  ');
    throw new Error(`Job file ${jobPath} could not be bundled:\n  ${detail ?? String(error)}`);
  }
  const code = result.outputFiles![0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${hash}.mjs`);
  await writeFile(path, code);
  return { sourcePath, path, url: pathToFileURL(path).href };
}

/** The module Node started with (`node job.js`, `tsx job.ts`): what a plain execute() ships to workers. */
export function entryModulePath(): string {
  const entry = process.argv[1];
  if (entry === undefined || entry === '') {
    throw new Error(
      'Cannot tell which job module to ship: run the job as a file (npx weir run job.ts, or node job.js).',
    );
  }
  return entry.startsWith('file:') ? fileURLToPath(entry) : resolve(entry);
}
