import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CheckpointConfig, parseCheckpointConfig } from './checkpoint-config.js';
import { parseDurationMillis } from './config-reader.js';

const DEFAULTS: CheckpointConfig = {
  enabled: false,
  intervalMs: undefined,
  timeoutMs: 600_000,
  minPauseMs: 0,
  maxConcurrentCheckpoints: 1,
  tolerableFailedCheckpoints: 0,
  mode: 'EXACTLY_ONCE',
  unalignedEnabled: false,
  checkpointsDir: undefined,
  savepointDir: undefined,
  numRetained: 1,
  incremental: false,
  incrementalLimits: { materializeIntervalMs: 600_000, maxChainLength: 32, maxSizeRatio: 1 },
  externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS',
};

describe('parseDurationMillis', () => {
  const cases: [string, number][] = [
    ['500', 500],
    ['500 ms', 500],
    ['500ms', 500],
    ['10 s', 10_000],
    ['10 sec', 10_000],
    ['1 min', 60_000],
    ['2 m', 120_000],
    ['1 h', 3_600_000],
    ['2 d', 172_800_000],
    ['1500 us', 1],
    ['3 SECONDS', 3000],
  ];
  for (const [raw, ms] of cases) {
    it(`'${raw}' is ${ms} ms`, () => assert.equal(parseDurationMillis(raw, 'k'), ms));
  }
  for (const raw of ['', 'soon', '1.5 s', '-1 s', '10 parsecs']) {
    it(`'${raw}' is an error naming the key and the form`, () => {
      assert.throws(() => parseDurationMillis(raw, 'some.key'), /'some\.key' must be a duration.*'10 s'/);
    });
  }
});

describe('parseCheckpointConfig', () => {
  const cases: { name: string; config: Record<string, string>; expected: Partial<CheckpointConfig> }[] = [
    { name: 'defaults: checkpointing off', config: {}, expected: {} },
    {
      name: 'Flink 2.x keys',
      config: {
        'execution.checkpointing.interval': '10 s',
        'execution.checkpointing.timeout': '1 min',
        'execution.checkpointing.min-pause': '500 ms',
        'execution.checkpointing.max-concurrent-checkpoints': '2',
        'execution.checkpointing.tolerable-failed-checkpoints': '3',
        'execution.checkpointing.mode': 'at_least_once',
        'execution.checkpointing.dir': 'file:///tmp/cp',
        'execution.checkpointing.savepoint-dir': 'file:///tmp/sp',
        'execution.checkpointing.num-retained': '3',
        'execution.checkpointing.incremental': 'true',
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      },
      expected: {
        enabled: true,
        intervalMs: 10_000,
        timeoutMs: 60_000,
        minPauseMs: 500,
        maxConcurrentCheckpoints: 2,
        tolerableFailedCheckpoints: 3,
        mode: 'AT_LEAST_ONCE',
        checkpointsDir: 'file:///tmp/cp',
        savepointDir: 'file:///tmp/sp',
        numRetained: 3,
        incremental: true,
        externalizedRetention: 'RETAIN_ON_CANCELLATION',
      },
    },
    {
      name: '1.x fallback keys',
      config: {
        'state.checkpoints.dir': 'file:///old/cp',
        'state.savepoints.dir': 'file:///old/sp',
        'state.checkpoints.num-retained': '5',
        'state.backend.incremental': 'true',
        'execution.checkpointing.unaligned': 'true',
      },
      expected: {
        checkpointsDir: 'file:///old/cp',
        savepointDir: 'file:///old/sp',
        numRetained: 5,
        incremental: true,
        unalignedEnabled: true,
      },
    },
    {
      name: 'the 2.x key wins over its fallback',
      config: {
        'execution.checkpointing.dir': 'file:///new',
        'state.checkpoints.dir': 'file:///old',
        'execution.checkpointing.unaligned.enabled': 'false',
        'execution.checkpointing.unaligned': 'true',
      },
      expected: { checkpointsDir: 'file:///new', unalignedEnabled: false },
    },
    {
      name: 'a blank value counts as unset',
      config: { 'execution.checkpointing.interval': ' ', 'execution.checkpointing.timeout': '' },
      expected: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(parseCheckpointConfig(c.config), { ...DEFAULTS, ...c.expected }));
  }

  const errors: { name: string; config: Record<string, string>; message: RegExp }[] = [
    {
      name: 'interval not a duration',
      config: { 'execution.checkpointing.interval': 'often' },
      message: /'execution\.checkpointing\.interval' must be a duration/,
    },
    {
      name: 'interval under 10 ms',
      config: { 'execution.checkpointing.interval': '5 ms' },
      message: /'execution\.checkpointing\.interval' must be at least 10 ms.*got '5'/,
    },
    {
      name: 'timeout under 10 ms',
      config: { 'execution.checkpointing.timeout': '1' },
      message: /'execution\.checkpointing\.timeout' must be at least 10 ms/,
    },
    {
      name: 'max concurrent 0',
      config: { 'execution.checkpointing.max-concurrent-checkpoints': '0' },
      message: /max-concurrent-checkpoints' must be an integer of at least 1/,
    },
    {
      name: 'tolerable negative',
      config: { 'execution.checkpointing.tolerable-failed-checkpoints': '-1' },
      message: /tolerable-failed-checkpoints' must be an integer of at least 0/,
    },
    {
      name: 'num-retained via fallback names the fallback key',
      config: { 'state.checkpoints.num-retained': 'many' },
      message: /'state\.checkpoints\.num-retained' must be an integer/,
    },
    {
      name: 'unknown mode',
      config: { 'execution.checkpointing.mode': 'ONCE' },
      message: /'execution\.checkpointing\.mode' must be one of 'EXACTLY_ONCE', 'AT_LEAST_ONCE'/,
    },
    {
      name: 'boolean',
      config: { 'execution.checkpointing.incremental': 'yes' },
      message: /'execution\.checkpointing\.incremental' must be 'true' or 'false'/,
    },
    {
      name: 'unaligned with at-least-once',
      config: { 'execution.checkpointing.unaligned.enabled': 'true', 'execution.checkpointing.mode': 'AT_LEAST_ONCE' },
      message: /only supported for EXACTLY_ONCE/,
    },
  ];
  for (const c of errors) {
    it(`error: ${c.name}`, () => assert.throws(() => parseCheckpointConfig(c.config), c.message));
  }
});

describe('incremental checkpoint limits', () => {
  it("reads Flink's materialization interval and Weir's chain limits, and rejects bad values by key", () => {
    const parsed = parseCheckpointConfig({
      'state.backend.incremental': 'true',
      'state.backend.changelog.periodic-materialize.interval': '1 min',
      'execution.checkpointing.incremental.max-chain-length': '4',
      'execution.checkpointing.incremental.max-size-ratio': '0.5',
    });
    assert.equal(parsed.incremental, true);
    assert.deepEqual(parsed.incrementalLimits, { materializeIntervalMs: 60_000, maxChainLength: 4, maxSizeRatio: 0.5 });
    assert.throws(
      () => parseCheckpointConfig({ 'execution.checkpointing.incremental.max-chain-length': '0' }),
      /execution\.checkpointing\.incremental\.max-chain-length/,
    );
    assert.throws(
      () => parseCheckpointConfig({ 'execution.checkpointing.incremental.max-size-ratio': '-1' }),
      /max-size-ratio/,
    );
  });
});
