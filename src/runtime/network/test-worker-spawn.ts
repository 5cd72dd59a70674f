// Test and benchmark helpers start workers on this package's modules the way the runtime does.
import { siblingModule as sibling, spawnModuleWorker } from '../job-loading/spawn-worker.js';

export { spawnModuleWorker };

/** The URL of a sibling module, with the extension the caller itself was loaded with. */
export function siblingModule(callerUrl: string, baseName: string): URL {
  return sibling(`./${baseName}`, callerUrl);
}
