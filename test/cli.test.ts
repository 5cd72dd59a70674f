import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from '../src/rest/testing/flink-rest-schemas.js';
import { checkSchema } from '../src/rest/testing/schema-check.js';
import { ROOT, runWeir } from './support/run-weir.js';

// The `weir` command line as a user meets it: help, plans, the errors of broken job files and options, and Ctrl-C
// on a running job, whose REST API answers in Flink's JSON shapes meanwhile.

const scratch = mkdtempSync(join(tmpdir(), 'weir-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a job file outside the repository (broken files would break the project's own build and lint). */
function jobFile(name: string, lines: readonly string[]): string {
  const path = join(scratch, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const PREAMBLE = [
  "import { StreamExecutionEnvironment } from 'weir';",
  'const env = StreamExecutionEnvironment.getExecutionEnvironment();',
];

test('weir --help and weir run --help describe the commands and options', async () => {
  const help = await runWeir(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: weir <command>/);
  assert.match(help.stdout, /^ {2}run <job file>/m);
  assert.match(help.stdout, /^ {2}info <job file>/m);
  const runHelp = await runWeir(['run', '--help']);
  assert.equal(runHelp.code, 0);
  assert.match(runHelp.stdout, /^Usage: weir run <job file>/);
  assert.match(runHelp.stdout, /-p, --parallelism N/);
  assert.match(runHelp.stdout, /-D key=value/);
  assert.match(runHelp.stdout, /Ctrl-C cancels it/);
  const bare = await runWeir([]);
  assert.equal(bare.code, 1, 'no command is a usage error');
  assert.match(bare.stdout, /^Usage: weir <command>/);
});

test('weir info prints a readable plan: vertices, chains, parallelism and ship strategies', async () => {
  const run = await runWeir(['info', 'test/jobs/keyed-count.ts', '-p', '3']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Job "keyed count" \([0-9a-f]{32}\), 2 tasks$/m);
  assert.match(run.stdout, /^#1 Source: Sequence Source -> Map {2}\[parallelism 3, max parallelism 128\]$/m);
  assert.match(run.stdout, /^#2 Keyed Aggregation \[keyed\] -> Map -> Sink: Print to Std\. Out .*<- #1 HASH$/m);
  const partitions = await runWeir(['info', 'test/jobs/partitioning.ts', '-p', '4']);
  assert.equal(partitions.code, 0, partitions.stderr);
  for (const strategy of ['REBALANCE', 'SHUFFLE', 'BROADCAST', 'GLOBAL', 'CUSTOM', 'RESCALE', 'FORWARD']) {
    assert.match(partitions.stdout, new RegExp(`<- #\\d+ ${strategy}$`, 'm'), strategy);
  }
});

test("weir info --json prints Flink's JSON plan", async () => {
  const run = await runWeir(['info', 'test/jobs/keyed-count.ts', '-p', '2', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as { name: string; nodes: Array<Record<string, unknown>> };
  assert.deepEqual(checkSchema(plan, FLINK_REST_SCHEMAS.Plan, FLINK_REST_SCHEMAS), []);
  assert.equal(plan.name, 'keyed count');
  assert.equal(plan.nodes.length, 2);
  const keyed = plan.nodes.find((n) => Array.isArray(n.inputs));
  assert.ok(keyed !== undefined, 'one node reads from the other');
  assert.equal((keyed.inputs as Array<{ ship_strategy: string }>)[0].ship_strategy, 'HASH');
  for (const node of plan.nodes) assert.equal(node.parallelism, 2);
});

test('a job file with a syntax error is reported with its file and line', async () => {
  const file = jobFile('syntax-error.ts', [
    ...PREAMBLE,
    'env.fromSequence(1, 3).map((n) => n +).print();',
    'await env.execute();',
  ]);
  for (const command of ['run', 'info']) {
    const run = await runWeir([command, file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Job file .*syntax-error\.ts could not be bundled/);
    assert.match(run.stderr, /syntax-error\.ts:3:\d+: Unexpected "\)"/);
  }
});

test('a module that throws while building its job names the file and the line that threw', async () => {
  const file = jobFile('throws.ts', [
    ...PREAMBLE,
    'const settings: { ok?: boolean } = JSON.parse("{}");',
    "if (settings.ok !== true) throw new Error('settings lack ok: true');",
    'env.fromSequence(1, 3).print();',
    'await env.execute();',
  ]);
  const run = await runWeir(['run', file]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /throws\.ts failed while building its job/);
  assert.match(run.stderr, /Error: settings lack ok: true/);
  assert.match(run.stderr, /throws\.ts:4:\d+/, 'the stack points at the line in the user file');
});

test('a module that never calls execute() gets a clear message', async () => {
  const file = jobFile('no-execute.ts', [...PREAMBLE, 'env.fromSequence(1, 3).print();']);
  for (const command of ['run', 'info']) {
    const run = await runWeir([command, file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no-execute\.ts never called execute\(\)/);
    assert.match(run.stderr, /await env\.execute\(\)/, 'the message says what to add');
  }
});

test('unknown options and commands are usage errors', async () => {
  const option = await runWeir(['run', 'test/jobs/keyed-count.ts', '--bogus']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /^weir run: Unknown option --bogus\. Run with --help to see the options\./);
  const infoOption = await runWeir(['info', 'test/jobs/keyed-count.ts', '-x']);
  assert.equal(infoOption.code, 2);
  assert.match(infoOption.stderr, /Unknown option -x/);
  const command = await runWeir(['frobnicate']);
  assert.equal(command.code, 1);
  assert.match(command.stderr, /unknown command 'frobnicate'/);
  const noFile = await runWeir(['run']);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /Name the job file/);
});

/** A running `weir` child whose output is collected as it comes. */
interface LiveRun {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startWeir(args: readonly string[]): LiveRun {
  const child = spawn(process.execPath, ['bin/weir.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

async function waitFor<T>(what: string, probe: () => T | undefined, live: LiveRun, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || live.child.exitCode !== null) {
      throw new Error(`gave up waiting for ${what}; stderr so far:\n${live.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getChecked(url: string, specPath: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  const body = (await res.json()) as Record<string, unknown>;
  const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
  assert.deepEqual(checkSchema(body, schema, FLINK_REST_SCHEMAS), [], `GET ${url}: ${JSON.stringify(body)}`);
  return body;
}

test('Ctrl-C cancels a running job (exit code 130); meanwhile its REST API answers in Flink shapes', async () => {
  const live = startWeir(['run', 'test/jobs/endless.ts', '-p', '2', '-D', 'rest.port=0']);
  try {
    const url = await waitFor('the REST URL', () => /REST API at (http:\/\/\S+)/.exec(live.stderr())?.[1], live);
    const overview = await getChecked(`${url}/overview`, '/overview');
    assert.equal(overview['jobs-running'], 1);
    // The job may still be deploying when the URL is printed: wait until it runs.
    const jobId = await waitForRunning(url, live);
    const details = await getChecked(`${url}/jobs/${jobId}`, '/jobs/{jobid}');
    assert.equal(details.name, 'endless');
    assert.equal(details.state, 'RUNNING');
    const plan = await getChecked(`${url}/jobs/${jobId}/plan`, '/jobs/{jobid}/plan');
    const nodes = (plan.plan as { nodes: Array<{ description: string }> }).nodes;
    assert.ok(
      nodes.some((n) => n.description.includes('double')),
      JSON.stringify(nodes),
    );

    const interrupted = Date.now();
    live.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, 30_000, 'timeout');
    });
    const code = await Promise.race([live.exited, timeout]);
    clearTimeout(timer);
    assert.equal(code, 130, `exit code after SIGINT; stderr:\n${live.stderr()}`);
    assert.ok(Date.now() - interrupted < 30_000);
    assert.match(live.stderr(), /Cancelling the job/);
    assert.match(live.stderr(), /Job cancelled\./);
  } finally {
    live.child.kill('SIGKILL');
  }
});

async function waitForRunning(url: string, live: LiveRun): Promise<string> {
  let jobId: string | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const jobs = (await getChecked(`${url}/jobs/overview`, '/jobs/overview')).jobs as Array<{
      jid: string;
      name: string;
      state: string;
    }>;
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].name, 'endless');
    jobId = jobs[0].jid;
    if (jobs[0].state === 'RUNNING') return jobId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not reach RUNNING; stderr:\n${live.stderr()}`);
}
