import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildProgram, ProgramError } from './program-runner.js';

// Real worker threads running real job modules, as POST /jars/:jarid/run runs them.

const WEIR = new URL(`../../index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'weir-program-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function module(name: string, code: string): string {
  const path = join(dir, name);
  writeFileSync(path, `import { StreamExecutionEnvironment } from ${JSON.stringify(WEIR)};\n${code}`);
  return pathToFileURL(path).href;
}

const JOB_ID = '0123456789abcdef0123456789abcdef';

describe('buildProgram', () => {
  it('runs the module up to its first execute(): the job, its plan, and nothing after execute', async () => {
    const marker = join(dir, 'after-execute');
    const url = module(
      'job.mjs',
      'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        'env.fromData(...process.argv.slice(2)).map((x) => x + "!").print();\n' +
        "await env.execute('from a jar');\n" +
        `(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'ran');\n`,
    );
    const { job, plan } = await buildProgram({
      artifactUrl: url,
      jobFile: 'job.mjs',
      argv: ['a', 'b'],
      config: { 'parallelism.default': '3' },
      jobId: JOB_ID,
    });
    assert.equal(job.jobGraph.jobId, JOB_ID);
    assert.equal(job.jobGraph.jobName, 'from a jar');
    assert.equal(job.jobGraph.config['parallelism.default'], '3');
    assert.deepEqual(job.argv, ['a', 'b']);
    assert.deepEqual(
      job.collections.map(([, values]) => values),
      [['a', 'b']],
    );
    assert.equal(plan.jid, JOB_ID);
    assert.ok(plan.nodes.length > 0);
    assert.equal(existsSync(marker), false, 'code after execute() ran');
  });

  it('names the file and the error of a module that throws', async () => {
    const url = module('throws.mjs', "throw new Error('no input configured');\n");
    await assert.rejects(
      buildProgram({ artifactUrl: url, jobFile: 'throws.mjs', argv: [], config: {} }),
      (error: unknown) =>
        error instanceof ProgramError &&
        error.reason === 'failed' &&
        /^throws\.mjs failed while building its job:\nError: no input configured/.test(error.message),
    );
  });

  it('says so when a module never calls execute()', async () => {
    const url = module('idle.mjs', 'StreamExecutionEnvironment.getExecutionEnvironment().fromData(1).print();\n');
    await assert.rejects(
      buildProgram({ artifactUrl: url, jobFile: 'idle.mjs', argv: [], config: {} }),
      (error: unknown) =>
        error instanceof ProgramError &&
        error.reason === 'no-execute' &&
        /idle\.mjs never called execute\(\)/.test(error.message),
    );
  });

  it('gives up on a module that waits forever before execute()', async () => {
    const url = module('waits.mjs', 'await new Promise(() => setInterval(() => {}, 1000));\n');
    await assert.rejects(
      buildProgram({ artifactUrl: url, jobFile: 'waits.mjs', argv: [], config: {} }, 300),
      (error: unknown) =>
        error instanceof ProgramError &&
        error.reason === 'timeout' &&
        /waits\.mjs did not call execute\(\) within 300 ms/.test(error.message),
    );
  });
});
