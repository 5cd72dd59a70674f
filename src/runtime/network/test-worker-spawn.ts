import { Worker, type WorkerOptions } from 'node:worker_threads';

// Starts a worker on a module of this package, compiled (.js) or not (.ts, when tests run under tsx). On Node 20,
// `execArgv: ['--import', 'tsx']` does not reach a worker's entry module, so a .ts entry is loaded by a small
// bootstrap that registers tsx's ESM hooks first. Used by the network tests and bench/network.ts.

/** The URL of a sibling module, with the extension the caller itself was loaded with. */
export function siblingModule(callerUrl: string, baseName: string): URL {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, callerUrl);
}

export function spawnModuleWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
