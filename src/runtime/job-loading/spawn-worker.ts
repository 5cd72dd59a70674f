import { Worker, type WorkerOptions } from 'node:worker_threads';

// Starts worker threads on the runtime's own modules: compiled builds load the .js entry; when the runtime runs from
// its TypeScript sources (tests and tools under tsx), a .ts entry is loaded by a small bootstrap that registers
// tsx's ESM hooks first, because on Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's entry module.

/** The URL of a sibling module, with the extension this module itself was loaded with (.ts under tsx, else .js). */
export function siblingModule(name: string, base: string): URL {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${ext}`, base);
}

/** A worker on `entry` (.js as is; .ts through the tsx bootstrap). */
export function spawnModuleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * A runtime worker (slot or coordinator): the process's flags (e.g. --cpu-prof) plus source maps for user stacks.
 * V8 flags cannot be given to a worker (ERR_WORKER_INVALID_EXEC_ARGV); they are process-wide anyway, except the heap
 * limits, which become the worker's resource limits (`node --max-old-space-size=8192 ...` gives each worker 8 GiB).
 */
export function spawnRuntimeWorker(entry: URL, options: { name: string; maxOldGenerationSizeMb?: number }): Worker {
  const { execArgv, maxOldGenerationSizeMb } = workerFlags(process.execArgv);
  const heapMb = options.maxOldGenerationSizeMb ?? maxOldGenerationSizeMb;
  return spawnModuleWorker(entry, {
    name: options.name,
    execArgv: [...execArgv, '--enable-source-maps'],
    stdout: false,
    stderr: false,
    resourceLimits: heapMb === undefined ? undefined : { maxOldGenerationSizeMb: heapMb },
  });
}

/** Node flags a worker accepts (by prefix); everything else in execArgv is a V8 or process flag. */
const WORKER_FLAG_PREFIXES = [
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-',
  '--no-experimental-',
  '--cpu-prof',
  '--heap-prof',
  '--enable-source-maps',
  '--conditions',
  '-C',
  '--no-warnings',
  '--no-deprecation',
  '--trace-warnings',
  '--trace-uncaught',
  '--unhandled-rejections',
  '--inspect',
];

/** Splits the process's flags into those a worker takes and the heap limit the worker should get. */
export function workerFlags(argv: readonly string[]): { execArgv: string[]; maxOldGenerationSizeMb?: number } {
  const execArgv: string[] = [];
  let maxOldGenerationSizeMb: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const heap = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(flag);
    if (heap !== null) {
      maxOldGenerationSizeMb = Number(heap[1]);
      continue;
    }
    if (!WORKER_FLAG_PREFIXES.some((p) => flag === p || flag.startsWith(p))) continue;
    execArgv.push(flag);
    // Flags that take their value as the next argument (`--import tsx`, `-r x`).
    const next = argv[i + 1];
    if (
      !flag.includes('=') &&
      next !== undefined &&
      !next.startsWith('-') &&
      /^(--import|--require|-r|--loader|--conditions|-C)$/.test(flag)
    ) {
      execArgv.push(next);
      i++;
    }
  }
  return { execArgv, maxOldGenerationSizeMb };
}
