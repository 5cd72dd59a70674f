import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigOptions } from './config-option.js';
import { Configuration, ConfigurationError } from './configuration.js';
import { CheckpointingOptions, ENGINE_OPTIONS, RestOptions } from './engine-options.js';

test('get reads own key, then fallback keys in order, then the default', () => {
  const option = ConfigOptions.key('new').intType().defaultValue(7).withFallbackKeys('old2').withFallbackKeys('old1');
  const cases: Array<[Record<string, string>, number]> = [
    [{}, 7],
    [{ old2: '2' }, 2],
    [{ old1: '1', old2: '2' }, 1],
    [{ new: '0', old1: '1', old2: '2' }, 0],
  ];
  for (const [values, expected] of cases) assert.equal(Configuration.fromMap(values).get(option), expected);
});

test('deprecated keys are read and warned about once', () => {
  const warnings: string[] = [];
  const config = new Configuration((key, option) => warnings.push(`${key}->${option}`));
  config.setString('web.port', '9000');
  assert.equal(config.get(RestOptions.PORT), 9000);
  assert.equal(config.get(RestOptions.PORT), 9000);
  assert.deepEqual(warnings, ['web.port->rest.port']);
  config.setString('rest.port', '9001');
  assert.equal(config.get(RestOptions.PORT), 9001);
});

test('unset option without default reads undefined; getRequired names the key', () => {
  const config = new Configuration();
  assert.equal(config.get(RestOptions.ADDRESS), undefined);
  assert.throws(() => config.getRequired(RestOptions.ADDRESS), /'rest\.address' is required/);
  config.setString('rest.address', 'example.org');
  assert.equal(config.getRequired(RestOptions.ADDRESS), 'example.org');
});

test('a value of the wrong type names key, value, origin and expected form', () => {
  const config = new Configuration().setString('rest.port', 'eighty', 'conf/config.yaml:3:11');
  assert.throws(
    () => config.get(RestOptions.PORT),
    (e: unknown) =>
      e instanceof ConfigurationError &&
      e.message.includes("'eighty'") &&
      e.message.includes("'rest.port'") &&
      e.message.includes('conf/config.yaml:3:11') &&
      e.message.includes('integer'),
  );
  const viaFallback = new Configuration().setString('execution.checkpointing.unaligned', 'maybe', '-D');
  assert.throws(
    () => viaFallback.get(CheckpointingOptions.ENABLE_UNALIGNED),
    /fallback key of 'execution\.checkpointing\.unaligned\.enabled'/,
  );
});

test('set stores the string form; lists as [a, b]', () => {
  const list = ConfigOptions.key('l').stringListType().defaultValue([]);
  const config = new Configuration().set(RestOptions.PORT, 1234).set(list, ['a', 'b']);
  assert.deepEqual(config.toMap(), { 'rest.port': '1234', l: '[a, b]' });
  assert.deepEqual(config.get(list), ['a', 'b']);
});

test('every engine option has a unique key and a default that reads back', () => {
  const keys = ENGINE_OPTIONS.map((o) => o.key);
  assert.equal(new Set(keys).size, keys.length);
  const empty = new Configuration();
  for (const option of ENGINE_OPTIONS) assert.equal(empty.get(option), option.defaultValue, option.key);
});
