import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JAVA_LONG_MIN_STRING } from '../core/time.js';
import type { JobWatermarksInfo } from '../rest/watermarks-info.js';
import { UsageError } from './args.js';
import { parseWatermarksArgs, renderWatermarks } from './watermarks-command.js';

const JOB = 'ab'.repeat(16);

describe('parseWatermarksArgs', () => {
  const good: [string[], ReturnType<typeof parseWatermarksArgs>][] = [
    [['-m', '127.0.0.1:8081'], { url: 'http://127.0.0.1:8081', jobId: undefined, json: false }],
    [['--jobmanager', 'http://h:1/', JOB.toUpperCase(), '--json'], { url: 'http://h:1', jobId: JOB, json: true }],
  ];
  for (const [argv, expected] of good) {
    it(argv.join(' '), () => assert.deepEqual(parseWatermarksArgs(argv), expected));
  }
  const bad: [string[], RegExp][] = [
    [[], /-m host:port/],
    [['-m'], /needs the REST address/],
    [['-m', 'h:1', 'job'], /'job' is not a job id/],
    [['-m', 'h:1', JOB, JOB], /at most one job id/],
    [['-m', 'h:1', '-x'], /Unknown option -x/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ') || '(nothing)'}`, () => {
      assert.throws(
        () => parseWatermarksArgs(argv),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    });
  }
});

describe('renderWatermarks', () => {
  it('prints one line per vertex with what holds it back', () => {
    const info: JobWatermarksInfo = {
      jid: JOB,
      vertices: [
        {
          id: '1',
          name: 'Source: slow',
          'input-watermark': JAVA_LONG_MIN_STRING,
          'output-watermark': '2999',
          'lowest-subtask': 0,
          subtasks: [],
        },
        {
          id: '2',
          name: 'window',
          'input-watermark': '2999',
          'output-watermark': '2999',
          'lowest-subtask': 1,
          explanation: "'Source: slow' subtask 0 at 2999",
          subtasks: [],
        },
      ],
    };
    assert.equal(
      renderWatermarks(info),
      'Source: slow  in none           out 2999\n' +
        "window        in 2999           out 2999           held back by 'Source: slow' subtask 0 at 2999\n",
    );
  });
});
