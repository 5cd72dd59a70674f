import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from './args.js';
import { formatDate, renderJobList } from './job-control-commands.js';
import { jobIdArg, parseJobControlArgs } from './rest-client.js';

describe('weir list output', () => {
  const at = Date.UTC(2026, 0, 31, 15, 22, 11);
  const job = (jid: string, state: string, start = at) => ({ jid, name: `job ${jid[0]}`, state, 'start-time': start });

  it('prints running and scheduled jobs as Flink does, sorted by start time; terminal jobs are left out', () => {
    const out = renderJobList(
      [
        job('b'.repeat(32), 'RUNNING', at + 1000),
        job('a'.repeat(32), 'RESTARTING'),
        job('c'.repeat(32), 'INITIALIZING'),
        job('d'.repeat(32), 'FINISHED'),
      ],
      'UTC',
    );
    assert.equal(
      out,
      [
        '------------------ Running/Restarting Jobs -------------------',
        `31.01.2026 15:22:11 : ${'a'.repeat(32)} : job a (RESTARTING)`,
        `31.01.2026 15:22:12 : ${'b'.repeat(32)} : job b (RUNNING)`,
        '--------------------------------------------------------------',
        '----------------------- Scheduled Jobs -----------------------',
        `31.01.2026 15:22:11 : ${'c'.repeat(32)} : job c (INITIALIZING)`,
        '--------------------------------------------------------------',
        '',
      ].join('\n'),
    );
    assert.equal(renderJobList([job('d'.repeat(32), 'CANCELED')]), 'No running jobs.\nNo scheduled jobs.\n');
  });

  it('formats dates as dd.MM.yyyy HH:mm:ss', () => {
    assert.equal(formatDate(Date.UTC(2026, 10, 5, 3, 4, 5), 'UTC'), '05.11.2026 03:04:05');
  });
});

describe('job control arguments', () => {
  it('parses -m, flags with their spellings and value options; defaults to localhost:8081', () => {
    const parsed = parseJobControlArgs(
      ['abc', '-d', '-p', '/sp', '-m', '127.0.0.1:9'],
      [['--drain', '-d']],
      [['--savepointPath', '-p']],
    );
    assert.equal(parsed.url, 'http://127.0.0.1:9');
    assert.deepEqual(parsed.positional, ['abc']);
    assert.ok(parsed.flags.has('--drain'));
    assert.equal(parsed.values.get('--savepointPath'), '/sp');
    assert.equal(parseJobControlArgs([]).url, 'http://localhost:8081');
  });

  it('rejects unknown options, missing values and malformed job ids with a usage error', () => {
    assert.throws(() => parseJobControlArgs(['--nope']), UsageError);
    assert.throws(() => parseJobControlArgs(['-m']), /needs the REST address/);
    assert.throws(() => parseJobControlArgs(['-p'], [], [['--savepointPath', '-p']]), /needs a value/);
    assert.throws(() => jobIdArg(undefined, 'stop'), /Name the job/);
    assert.throws(() => jobIdArg('xyz', 'stop'), /not a job id/);
    assert.equal(jobIdArg('A'.repeat(32), 'stop'), 'a'.repeat(32));
  });
});
