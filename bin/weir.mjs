#!/usr/bin/env node
// The CLI lives in build/src/cli; `npm install` builds it (the package's prepare script).
import { main } from '../build/src/cli/main.js';

/** Exit once output has drained; a stray handle (a user's timer, a stuck connection) must not keep weir alive. */
function finish(code) {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

main(process.argv.slice(2)).then(finish, (error) => {
  process.stderr.write(`weir: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  finish(1);
});
