import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJobCommand, UsageError } from './args.js';

describe('parseJobCommand savepoint flags', () => {
  it('-s/--fromSavepoint and -n/--allowNonRestoredState set Flink’s keys', () => {
    const table: [string[], Record<string, string>][] = [
      [['-s', '/sp/savepoint-1', 'job.ts'], { 'execution.savepoint.path': '/sp/savepoint-1' }],
      [
        ['job.ts', '--fromSavepoint', 'file:/sp', '--allowNonRestoredState'],
        { 'execution.savepoint.path': 'file:/sp', 'execution.savepoint.ignore-unclaimed-state': 'true' },
      ],
      [['-n', 'job.ts'], { 'execution.savepoint.ignore-unclaimed-state': 'true' }],
    ];
    for (const [argv, config] of table) assert.deepEqual(parseJobCommand(argv).config, config, argv.join(' '));
  });

  it('-s without a path is a usage error', () => {
    assert.throws(() => parseJobCommand(['job.ts', '-s']), UsageError);
    assert.throws(() => parseJobCommand(['job.ts', '-s', '-n']), /needs the savepoint's path/);
  });
});
