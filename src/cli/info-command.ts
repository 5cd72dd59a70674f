import type { JobClient } from '../api/execution/job-client.js';
import type { Pipeline } from '../api/execution/pipeline-executor.js';
import { describePlan, jsonPlan } from '../graph/plan.js';
import { planPipeline } from '../runtime/job-loading/plan-pipeline.js';
import { parseJobCommand } from './args.js';
import { runJobModule } from './load-job.js';

const HELP = `Usage: weir info <job file> [options] [-- job args]

Prints the job's plan (its operator chains, parallelism and exchanges) without running it.

Options:
  -p, --parallelism N   default parallelism, as for weir run
  -D key=value          a Flink configuration option
  --json                print Flink's JSON plan (the shape of GET /jobs/:jobid/plan)`;

export async function infoCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const args = parseJobCommand(argv, ['--json']);
  let captured: ((p: Pipeline) => void) | undefined;
  const pipeline = new Promise<Pipeline>((resolve) => {
    captured = resolve;
  });
  const run = await runJobModule(args.jobFile, args.jobArgs, args.config, () => ({
    execute(p: Pipeline): Promise<JobClient> {
      captured!(p);
      return new Promise(() => {}); // the plan is all we want: the job never runs
    },
  }));
  const p = await Promise.race([pipeline, run.finished.then(() => pipeline)]);
  const { jobGraph, streamGraph } = planPipeline(p);
  if (args.flags.has('--json')) process.stdout.write(`${JSON.stringify(jsonPlan(jobGraph), null, 2)}\n`);
  else process.stdout.write(`${describePlan(jobGraph, streamGraph)}\n`);
  return 0;
}
