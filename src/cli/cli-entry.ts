// A process entry on the CLI (what bin/weir does for the compiled build): `weir cluster start` spawns the JobManager
// and TaskManagers through this module, from the sources under tsx or from the build.

import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A stray handle must not keep a stopped daemon alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`weir: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
