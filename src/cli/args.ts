// Argument parsing shared by the commands: Flink's CLI flags where they exist (-p, -D key=value, -s/--fromSavepoint,
// -n/--allowNonRestoredState), and `--` separating the job's own arguments.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flink's keys behind `-s/--fromSavepoint` and `-n/--allowNonRestoredState`. */
const SAVEPOINT_PATH = 'execution.savepoint.path';
const IGNORE_UNCLAIMED_STATE = 'execution.savepoint.ignore-unclaimed-state';

export interface JobCommandArgs {
  readonly jobFile: string;
  readonly jobArgs: string[];
  readonly config: Record<string, string>;
  readonly flags: ReadonlySet<string>;
}

/** Parses `[options] <job file> [-- job args]`; `valueFlags` take a value, `boolFlags` do not. */
export function parseJobCommand(argv: readonly string[], boolFlags: readonly string[] = []): JobCommandArgs {
  const config: Record<string, string> = {};
  const flags = new Set<string>();
  let jobFile: string | undefined;
  let jobArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      jobArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '-p' || arg === '--parallelism') {
      const value = argv[++i];
      if (value === undefined || !/^[1-9][0-9]*$/.test(value)) {
        throw new UsageError(`${arg} needs a positive whole number, e.g. ${arg} 4 (got ${value ?? 'nothing'})`);
      }
      config['parallelism.default'] = value;
    } else if (arg === '-D' || arg.startsWith('-D')) {
      const pair = arg === '-D' ? argv[++i] : arg.slice(2);
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq <= 0)
        throw new UsageError(`-D needs key=value, e.g. -D rest.port=8082 (got ${pair ?? 'nothing'})`);
      config[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '-s' || arg === '--fromSavepoint') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) {
        throw new UsageError(`${arg} needs the savepoint's path, e.g. ${arg} /tmp/savepoints/savepoint-1a2b3c-...`);
      }
      config[SAVEPOINT_PATH] = value;
    } else if (arg === '-n' || arg === '--allowNonRestoredState') {
      config[IGNORE_UNCLAIMED_STATE] = 'true';
    } else if (boolFlags.includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}. Run with --help to see the options.`);
    } else if (jobFile === undefined) {
      jobFile = arg;
    } else {
      // Flink passes everything after the jar to the program; so do we.
      jobArgs = argv.slice(i);
      break;
    }
  }
  if (jobFile === undefined) throw new UsageError('Name the job file, e.g. weir run examples/wordcount.ts');
  return { jobFile, jobArgs, config, flags };
}
