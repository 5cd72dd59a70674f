import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigurationError } from './configuration.js';
import {
  ENGINE_OPTIONS,
  ExecutionOptions,
  RestartStrategyOptions,
  RestOptions,
  TaskManagerOptions,
} from './engine-options.js';
import { loadConfiguration, parseConfigYaml, parseDynamicProperties } from './load-configuration.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function confDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-conf-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.yaml'), yaml);
  return dir;
}

test('precedence: defaults < config.yaml < environment < -D', () => {
  const dir = confDir(
    'rest:\n  port: 1001\n  address: from-file\ntaskmanager.numberOfTaskSlots: 3\nheartbeat.timeout: 1 min\n',
  );
  const env = { WEIR_CONF_DIR: dir, WEIR_PROPERTIES: 'rest.port: 1002\nrest.address: from-env' };
  const config = loadConfiguration({ env, dynamicProperties: ['rest.port=1003'] });
  assert.equal(config.get(RestOptions.PORT), 1003); // -D
  assert.equal(config.get(RestOptions.ADDRESS), 'from-env'); // env over file
  assert.equal(config.get(TaskManagerOptions.NUM_TASK_SLOTS), 3); // file over default
  assert.equal(config.get(ExecutionOptions.BUFFER_TIMEOUT), 100); // default
  assert.equal(config.getString('heartbeat.timeout'), '1 min');
  assert.equal(config.getEntry('rest.port')?.origin, '-D rest.port');
  assert.equal(config.getEntry('rest.address')?.origin, '$WEIR_PROPERTIES line 2');
  assert.match(config.getEntry('taskmanager.numberOfTaskSlots')?.origin ?? '', /config\.yaml:4:32$/);
});

test('Flink names are accepted; Weir names win; confDir wins over both variables', () => {
  const flinkDir = confDir('rest.port: 2001\n');
  const weirDir = confDir('rest.port: 2002\n');
  const explicit = confDir('rest.port: 2003\n');
  const cases: Array<[Record<string, string>, string | undefined, number]> = [
    [{ FLINK_CONF_DIR: flinkDir }, undefined, 2001],
    [{ FLINK_CONF_DIR: flinkDir, WEIR_CONF_DIR: weirDir }, undefined, 2002],
    [{ FLINK_CONF_DIR: flinkDir, WEIR_CONF_DIR: weirDir }, explicit, 2003],
    [{ FLINK_PROPERTIES: 'rest.port: 2004' }, undefined, 2004],
    [{ FLINK_PROPERTIES: 'rest.port: 2004', WEIR_PROPERTIES: 'rest.port: 2005' }, undefined, 2005],
    [{}, undefined, 8081],
  ];
  for (const [env, dir, port] of cases) {
    assert.equal(loadConfiguration({ env, confDir: dir }).get(RestOptions.PORT), port, JSON.stringify(env));
  }
});

test('nested and flat YAML mean the same dotted key', () => {
  const forms = [
    'taskmanager:\n  numberOfTaskSlots: 4\n',
    'taskmanager.numberOfTaskSlots: 4\n',
    'taskmanager: { numberOfTaskSlots: 4 }\n',
  ];
  for (const yaml of forms) {
    assert.deepEqual(parseConfigYaml(yaml, 'c.yaml').toMap(), { 'taskmanager.numberOfTaskSlots': '4' }, yaml);
  }
  const mixed = parseConfigYaml('execution:\n  buffer-timeout:\n    interval: 5 ms\n    enabled: false\n', 'c.yaml');
  assert.deepEqual(mixed.toMap(), {
    'execution.buffer-timeout.interval': '5 ms',
    'execution.buffer-timeout.enabled': 'false',
  });
  assert.equal(mixed.get(ExecutionOptions.BUFFER_TIMEOUT), 5);
  assert.equal(mixed.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED), false);
});

test('values become strings: decimals keep their text, lists as [a, b], null leaves the key unset', () => {
  const yaml = 'a: 1.0\nb: 0x10\nc: [x, "y z"]\nd:\n  - 1\n  - 2\ne:\nf: ~\ng: true\n';
  assert.deepEqual(parseConfigYaml(yaml, 'c.yaml').toMap(), {
    a: '1.0',
    b: '16',
    c: '[x, y z]',
    d: '[1, 2]',
    g: 'true',
  });
});

test('fallback key set in the file is used', () => {
  const config = parseConfigYaml('restart-strategy: fixed-delay\n', 'c.yaml');
  assert.equal(config.get(RestartStrategyOptions.RESTART_STRATEGY), 'fixed-delay');
});

test('malformed YAML names the file, line and column', () => {
  const cases: Array<[string, RegExp]> = [
    ['rest.port: 1\nparallelism.default: [1, 2\n', /^Malformed YAML in .*config\.yaml:3:1: /],
    ['a:\n  b: 1\n c: 2\n', /^Malformed YAML in .*config\.yaml:3:1: All mapping items/],
    ['a: 1\na: 2\n', /^Malformed YAML in .*config\.yaml:2:1: Map keys must be unique/],
    ['a: "open\n', /^Malformed YAML in .*config\.yaml:\d+:\d+: Missing closing/],
  ];
  for (const [yaml, expected] of cases) {
    const dir = confDir(yaml);
    assert.throws(
      () => loadConfiguration({ confDir: dir, env: {} }),
      (e: unknown) => e instanceof ConfigurationError && expected.test(e.message),
      yaml,
    );
  }
});

test('the same key set nested and flat is an error naming both places', () => {
  assert.throws(
    () => parseConfigYaml('a.b: 1\na:\n  b: 2\n', 'c.yaml'),
    /c\.yaml:3:3: key 'a\.b' is set twice \(also at c\.yaml:1:6\)/,
  );
});

test('other bad input is named', () => {
  assert.throws(() => parseConfigYaml('- a\n', 'c.yaml'), /top level must be a map/);
  assert.throws(
    () => loadConfiguration({ confDir: '/nonexistent/weir-conf', env: {} }),
    /'\/nonexistent\/weir-conf' does not exist/,
  );
  const empty = mkdtempSync(join(tmpdir(), 'weir-conf-'));
  dirs.push(empty);
  assert.throws(() => loadConfiguration({ confDir: empty, env: {} }), /No config\.yaml in configuration folder/);
  assert.throws(() => parseDynamicProperties(['rest.port']), /must be written key=value/);
  assert.throws(() => loadConfiguration({ env: { WEIR_PROPERTIES: 'rest.port: [1' } }), /\$WEIR_PROPERTIES line 1/);
  assert.throws(() => loadConfiguration({ env: { WEIR_PROPERTIES: 'just-text' } }), /expected 'key: value'/);
});

test('a wrong-typed value in the file is reported with its position when read', () => {
  const config = loadConfiguration({ confDir: confDir('# ports\nrest:\n  port: eighty\n'), env: {} });
  assert.throws(
    () => config.get(RestOptions.PORT),
    /Could not parse value 'eighty' for key 'rest\.port' set in .*config\.yaml:3:9: expected an integer/,
  );
});

test('dynamic properties: strings split at the first =, records taken as is; comments/blank env lines skipped', () => {
  assert.deepEqual(parseDynamicProperties(['a=b=c', ' k = v ']).toMap(), { a: 'b=c', k: 'v' });
  assert.deepEqual(parseDynamicProperties({ 'rest.port': '1' }).toMap(), { 'rest.port': '1' });
  const config = loadConfiguration({ env: { WEIR_PROPERTIES: '# c\n\nrest.port: 7\r\nrest.address: h\n' } });
  assert.deepEqual(config.toMap(), { 'rest.port': '7', 'rest.address': 'h' });
});

test('the conf/config.yaml template loads, and uncommented it names only known keys with valid values', () => {
  // From src/core/config/ or, compiled, from build/src/core/config/.
  const up = import.meta.url.includes('/build/src/') ? '../../../../' : '../../../';
  const template = new URL(`${up}conf/config.yaml`, import.meta.url);
  assert.deepEqual(parseConfigYaml(readFileSync(template, 'utf8'), 'conf/config.yaml').toMap(), {});
  const uncommented = readFileSync(template, 'utf8').replace(/^(\s*)# (?=[a-z][\w.-]*: )/gm, '$1');
  const config = parseConfigYaml(uncommented, 'conf/config.yaml');
  const byKey = new Map(ENGINE_OPTIONS.map((o) => [o.key, o]));
  assert.equal(config.keySet().size, ENGINE_OPTIONS.length);
  for (const key of config.keySet()) {
    const option = byKey.get(key);
    assert.ok(option !== undefined, `template key '${key}' is not an engine option`);
    const value = config.get(option);
    if (option.hasDefaultValue()) assert.deepEqual(value, option.defaultValue, key);
  }
});
