#!/usr/bin/env node
// The CLI lives in build/src/cli; `npm install` builds it (the package's prepare script).
import { main } from '../build/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`weir: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
