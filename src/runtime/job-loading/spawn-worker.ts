import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running one of the runtime's worker entry modules. When the runtime itself runs from
 * TypeScript sources (tests under tsx), the worker gets the same loader; compiled builds load the .js file.
 */
export function spawnRuntimeWorker(entry: URL, options: { name: string; maxOldGenerationSizeMb?: number }): Worker {
  const fromSource = entry.pathname.endsWith('.ts');
  return new Worker(entry, {
    name: options.name,
    // Workers inherit the process's flags (e.g. --cpu-prof for profiling) plus source maps for user stack traces.
    execArgv: [...process.execArgv, ...(fromSource ? ['--import', 'tsx'] : []), '--enable-source-maps'],
    stdout: false,
    stderr: false,
    resourceLimits:
      options.maxOldGenerationSizeMb === undefined
        ? undefined
        : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
  });
}

/** The URL of a sibling module, with the extension this module itself was loaded with (.ts under tsx, else .js). */
export function siblingModule(name: string, base: string): URL {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${ext}`, base);
}
