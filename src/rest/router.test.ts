import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Router, splitPath } from './router.js';

const router = new Router<string>()
  .add('GET', '/jobs', 'jobs')
  .add('GET', '/jobs/overview', 'overview')
  .add('GET', '/jobs/:jobid', 'job')
  .add('PATCH', '/jobs/:jobid', 'cancel')
  .add('GET', '/jobs/:jobid/plan', 'plan');

describe('Router', () => {
  const table: [string, string, string][] = [
    ['GET', '/jobs', 'found jobs {}'],
    ['GET', '/jobs/overview', 'found overview {}'],
    ['GET', '/jobs/abc', 'found job {"jobid":"abc"}'],
    ['PATCH', '/jobs/abc', 'found cancel {"jobid":"abc"}'],
    ['GET', '/jobs/abc/plan', 'found plan {"jobid":"abc"}'],
    ['PATCH', '/jobs/overview', 'found cancel {"jobid":"overview"}'],
    ['POST', '/jobs/overview', 'method-not-allowed GET'],
    ['DELETE', '/jobs/abc', 'method-not-allowed GET,PATCH'],
    ['GET', '/nope', 'not-found'],
    ['GET', '/jobs/abc/plan/extra', 'not-found'],
  ];
  for (const [method, path, expected] of table) {
    it(`${method} ${path} → ${expected}`, () => {
      const m = router.match(method, splitPath(path)?.segments ?? []);
      const text =
        m.kind === 'found'
          ? `found ${m.handler} ${JSON.stringify(m.params)}`
          : m.kind === 'method-not-allowed'
            ? `method-not-allowed ${m.allowed.join(',')}`
            : m.kind;
      assert.equal(text, expected);
    });
  }

  it('refuses duplicate routes and nameless parameters', () => {
    assert.throws(() => new Router().add('GET', '/a', 1).add('GET', '/a/', 2), /registered twice/);
    assert.throws(() => new Router().add('GET', '/a/:', 1), /needs a name/);
  });
});

describe('splitPath', () => {
  const table: [string, string[] | undefined, string][] = [
    ['/', [], ''],
    ['/v1/jobs/', ['jobs'], ''],
    ['/jobs//overview?x=1&y=2', ['jobs', 'overview'], 'x=1&y=2'],
    ['http://localhost:8081/v1/overview?a=b#frag', ['overview'], 'a=b'],
    ['/jobs/%E2%9C%93', ['jobs', '✓'], ''],
    ['/jobs/../overview', ['jobs', '..', 'overview'], ''],
    ['/jobs/%zz', undefined, ''],
  ];
  for (const [target, segments, query] of table) {
    it(`${target}`, () => {
      const parsed = splitPath(target);
      assert.deepEqual(parsed?.segments, segments);
      if (parsed !== undefined) assert.equal(parsed.query.toString(), query);
    });
  }
});
