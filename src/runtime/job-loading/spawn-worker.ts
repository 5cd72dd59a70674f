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

/** A runtime worker (slot or coordinator): the process's flags (e.g. --cpu-prof) plus source maps for user stacks. */
export function spawnRuntimeWorker(entry: URL, options: { name: string; maxOldGenerationSizeMb?: number }): Worker {
  return spawnModuleWorker(entry, {
    name: options.name,
    execArgv: [...process.execArgv, '--enable-source-maps'],
    stdout: false,
    stderr: false,
    resourceLimits:
      options.maxOldGenerationSizeMb === undefined
        ? undefined
        : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
  });
}
