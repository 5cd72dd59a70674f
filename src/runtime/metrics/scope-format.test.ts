import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScopeFormat, ScopeFormats, valueOrNull } from './scope-format.js';

const VARS = {
  '<host>': 'localhost',
  '<tm_id>': 'tm-1',
  '<job_id>': 'a1b2',
  '<job_name>': 'MyJob',
  '<task_id>': 'v1',
  '<task_name>': 'Source: bids',
  '<task_attempt_id>': 'e1',
  '<task_attempt_num>': '0',
  '<subtask_index>': '3',
  '<operator_id>': 'o1',
  '<operator_name>': 'MyOperator',
};

describe('ScopeFormats', () => {
  it("formats Flink's default scopes", () => {
    const formats = ScopeFormats.DEFAULT;
    const table: [Parameters<ScopeFormats['get']>[0], string][] = [
      ['jm', 'localhost.jobmanager'],
      ['jm-job', 'localhost.jobmanager.MyJob'],
      ['tm', 'localhost.taskmanager.tm-1'],
      ['tm-job', 'localhost.taskmanager.tm-1.MyJob'],
      ['task', 'localhost.taskmanager.tm-1.MyJob.Source: bids.3'],
      ['operator', 'localhost.taskmanager.tm-1.MyJob.MyOperator.3'],
    ];
    for (const [kind, expected] of table) assert.equal(formats.get(kind).format(VARS).join('.'), expected, kind);
    assert.equal(formats.delimiter, '.');
  });

  it('reads metrics.scope.* with the 1.x keys as fallbacks, and the delimiter', () => {
    const formats = ScopeFormats.fromConfig({
      'metrics.scope.tm.job': '<tm_id>.jobs.<job_id>',
      'metrics.scope.operator': '<host>.<job_name>.<task_name>.<operator_name>.<subtask_index>',
      'metrics.scope.delimiter': '_',
    });
    assert.deepEqual(formats.get('tm-job').format(VARS), ['tm-1', 'jobs', 'a1b2']);
    assert.equal(formats.get('operator').format(VARS).join('.'), 'localhost.MyJob.Source: bids.MyOperator.3');
    assert.equal(formats.delimiter, '_');
    const preferred = ScopeFormats.fromConfig({ 'metrics.scope.tm-job': 'new', 'metrics.scope.tm.job': 'old' });
    assert.deepEqual(preferred.get('tm-job').format(VARS), ['new']);
  });

  it("inherits the parent's components with a leading '*'", () => {
    const format = new ScopeFormat('task', '*.<task_name>.x');
    assert.deepEqual(format.format(VARS, ['a', 'b']), ['a', 'b', 'Source: bids', 'x']);
  });

  it('keeps partial variables literal and shows missing values as "null"', () => {
    assert.deepEqual(new ScopeFormat('tm', 'tm_<tm_id>.<tm_id>').format({}), ['tm_<tm_id>', 'null']);
    assert.equal(valueOrNull(''), 'null');
    assert.equal(valueOrNull(0), '0');
  });

  it('rejects bad templates with the key, the problem and the fix', () => {
    assert.throws(
      () => ScopeFormats.fromConfig({ 'metrics.scope.tm': '<host>.<job_name>' }),
      /metrics\.scope\.tm: '<job_name>' in '<host>\.<job_name>' is not a variable of the tm scope; use one of <host>, <tm_id>/,
    );
    assert.throws(() => new ScopeFormat('tm', '*.x'), /has no parent/);
    assert.throws(
      () => ScopeFormats.fromConfig({ 'metrics.scope.task': ' ' }),
      /metrics\.scope\.task: the scope format is empty/,
    );
    assert.throws(() => ScopeFormats.fromConfig({ 'metrics.scope.delimiter': '::' }), /must be one character/);
  });
});
