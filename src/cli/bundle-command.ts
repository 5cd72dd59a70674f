import { copyFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { bundleJob } from '../runtime/client/job-bundler.js';
import { UsageError } from './args.js';

// `weir bundle <job file> [-o out.mjs]`: the job module bundled as `weir run` ships it, for POST /jars/upload (the
// dashboard's way, or curl). `weir` stays external, pointing at this installation: the cluster must run the same
// Weir at the same path, as with `weir run -m`.

const HELP = `Usage: weir bundle <job file> [-o <out.mjs>]

Bundles a job module into one .mjs file to upload to a cluster:
  curl -X POST -F "jarfile=@job.mjs" http://localhost:8081/jars/upload
then run it with POST /jars/<id>/run. Default output: the job file's name with .mjs, in the current directory.`;

export async function bundleCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let out: string | undefined;
  let jobFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-o' || arg === '--output') {
      out = argv[++i];
      if (out === undefined) throw new UsageError(`${arg} needs the output file, e.g. ${arg} job.mjs`);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}. Run with --help to see the options.`);
    } else if (jobFile === undefined) {
      jobFile = arg;
    } else {
      throw new UsageError(`Too many arguments: ${arg}`);
    }
  }
  if (jobFile === undefined) throw new UsageError('Name the job file, e.g. weir bundle examples/wordcount.ts');
  const target = resolve(out ?? `${basename(jobFile, extname(jobFile))}.mjs`);
  if (!/\.m?js$/.test(target)) throw new UsageError(`The output must end in .mjs or .js (got ${target})`);
  try {
    const artifact = await bundleJob(jobFile);
    await copyFile(artifact.path, target);
  } catch (error) {
    process.stderr.write(`weir bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`Bundled ${jobFile} into ${target}\n`);
  return 0;
}
