import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EXPONENTIAL_DELAY_DEFAULTS,
  ExponentialDelayRestartBackoffTimeStrategy,
} from './exponential-delay-restart-backoff-time-strategy.js';
import {
  FailureRateRestartBackoffTimeStrategy,
  FixedDelayRestartBackoffTimeStrategy,
  NoRestartBackoffTimeStrategy,
} from './restart-backoff-time-strategy.js';
import {
  createRestartStrategy,
  parseRestartStrategyConfig,
  type RestartStrategyConfig,
} from './restart-strategy-config.js';

describe('parseRestartStrategyConfig', () => {
  const cases: {
    name: string;
    config: Record<string, string>;
    checkpointing: boolean;
    expected: RestartStrategyConfig;
  }[] = [
    { name: 'unset without checkpointing: none', config: {}, checkpointing: false, expected: { type: 'none' } },
    {
      name: 'unset with checkpointing: exponential-delay with its defaults',
      config: {},
      checkpointing: true,
      expected: { type: 'exponential-delay', ...EXPONENTIAL_DELAY_DEFAULTS },
    },
    {
      name: "'disable'",
      config: { 'restart-strategy.type': 'disable' },
      checkpointing: true,
      expected: { type: 'none' },
    },
    {
      name: "'OFF' (case-insensitive)",
      config: { 'restart-strategy.type': 'OFF' },
      checkpointing: true,
      expected: { type: 'none' },
    },
    {
      name: 'fixed-delay defaults',
      config: { 'restart-strategy.type': 'fixed-delay' },
      checkpointing: false,
      expected: { type: 'fixed-delay', attempts: 1, delayMs: 1000 },
    },
    {
      name: "the 1.x key 'restart-strategy' and the alias 'fixeddelay'",
      config: {
        'restart-strategy': 'fixeddelay',
        'restart-strategy.fixed-delay.attempts': '3',
        'restart-strategy.fixed-delay.delay': '10 s',
      },
      checkpointing: false,
      expected: { type: 'fixed-delay', attempts: 3, delayMs: 10_000 },
    },
    {
      name: 'restart-strategy.type wins over the 1.x key',
      config: { 'restart-strategy.type': 'none', 'restart-strategy': 'fixed-delay' },
      checkpointing: false,
      expected: { type: 'none' },
    },
    {
      name: 'failure-rate defaults',
      config: { 'restart-strategy.type': 'failure-rate' },
      checkpointing: false,
      expected: { type: 'failure-rate', maxFailuresPerInterval: 1, intervalMs: 60_000, delayMs: 1000 },
    },
    {
      name: 'failure-rate options',
      config: {
        'restart-strategy.type': 'failurerate',
        'restart-strategy.failure-rate.max-failures-per-interval': '5',
        'restart-strategy.failure-rate.failure-rate-interval': '5 min',
        'restart-strategy.failure-rate.delay': '250 ms',
      },
      checkpointing: false,
      expected: { type: 'failure-rate', maxFailuresPerInterval: 5, intervalMs: 300_000, delayMs: 250 },
    },
    {
      name: 'exponential-delay options',
      config: {
        'restart-strategy.type': 'exponential-delay',
        'restart-strategy.exponential-delay.initial-backoff': '2 s',
        'restart-strategy.exponential-delay.max-backoff': '2 min',
        'restart-strategy.exponential-delay.backoff-multiplier': '2.0',
        'restart-strategy.exponential-delay.reset-backoff-threshold': '30 min',
        'restart-strategy.exponential-delay.jitter-factor': '0',
        'restart-strategy.exponential-delay.attempts-before-reset-backoff': '7',
      },
      checkpointing: false,
      expected: {
        type: 'exponential-delay',
        initialBackoffMs: 2000,
        maxBackoffMs: 120_000,
        backoffMultiplier: 2,
        resetBackoffThresholdMs: 1_800_000,
        jitterFactor: 0,
        attemptsBeforeResetBackoff: 7,
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(parseRestartStrategyConfig(c.config, { checkpointingEnabled: c.checkpointing }), c.expected);
    });
  }

  const errors: { name: string; config: Record<string, string>; message: RegExp }[] = [
    {
      name: 'unknown type',
      config: { 'restart-strategy.type': 'sometimes' },
      message: /'restart-strategy\.type'.*'sometimes'/,
    },
    {
      name: 'unknown type under the 1.x key',
      config: { 'restart-strategy': 'sometimes' },
      message: /'restart-strategy' must be one of/,
    },
    {
      name: 'attempts not an integer',
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 'three' },
      message: /'restart-strategy\.fixed-delay\.attempts' must be an integer/,
    },
    {
      name: 'delay not a duration',
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': 'soon' },
      message: /'restart-strategy\.fixed-delay\.delay' must be a duration/,
    },
    {
      name: 'multiplier not a number',
      config: {
        'restart-strategy.type': 'exponential-delay',
        'restart-strategy.exponential-delay.backoff-multiplier': 'x2',
      },
      message: /backoff-multiplier' must be a number/,
    },
  ];
  for (const c of errors) {
    it(`error: ${c.name}`, () => {
      assert.throws(() => parseRestartStrategyConfig(c.config, { checkpointingEnabled: false }), c.message);
    });
  }
});

describe('createRestartStrategy', () => {
  const cases: { config: Record<string, string>; checkpointing: boolean; kind: new (...args: never[]) => unknown }[] = [
    { config: {}, checkpointing: false, kind: NoRestartBackoffTimeStrategy },
    { config: {}, checkpointing: true, kind: ExponentialDelayRestartBackoffTimeStrategy },
    {
      config: { 'restart-strategy.type': 'fixed-delay' },
      checkpointing: true,
      kind: FixedDelayRestartBackoffTimeStrategy,
    },
    {
      config: { 'restart-strategy.type': 'failure-rate' },
      checkpointing: true,
      kind: FailureRateRestartBackoffTimeStrategy,
    },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.config)}, checkpointing ${c.checkpointing} → ${c.kind.name}`, () => {
      assert.ok(createRestartStrategy(c.config, { checkpointingEnabled: c.checkpointing }) instanceof c.kind);
    });
  }

  it('passes the clock and random through to exponential delay', () => {
    const s = createRestartStrategy({}, { checkpointingEnabled: true, clock: () => 5000, random: () => 0.999_999 });
    assert.equal(s.notifyFailure(new Error('x')), true);
    assert.equal(s.getBackoffTime(), 1100);
  });

  it('validates values Flink rejects, naming the option', () => {
    assert.throws(
      () =>
        createRestartStrategy(
          { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': '0' },
          { checkpointingEnabled: false },
        ),
      /max-failures-per-interval' must be an integer of at least 1, got 0/,
    );
  });
});
