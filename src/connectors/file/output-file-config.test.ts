import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_OUTPUT_FILE_CONFIG,
  inProgressPath,
  isInProgressFileName,
  partFileName,
  resolveOutputFileConfig,
} from './output-file-config.js';

const UUID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

describe('part file names', () => {
  it("finished parts: '<prefix>-<uuid>-<subtask>-<count><suffix>', default prefix 'part', no suffix", () => {
    assert.equal(partFileName(DEFAULT_OUTPUT_FILE_CONFIG, UUID, 3, 7), `part-${UUID}-3-7`);
    assert.equal(partFileName({ partPrefix: 'out', partSuffix: '.txt' }, UUID, 0, 0), `out-${UUID}-0-0.txt`);
  });

  it("in-progress parts are hidden: '.<final name>.inprogress.<uuid>' in the same directory", () => {
    const path = inProgressPath(`/data/2026-11-25--14/part-${UUID}-0-1.txt`, 'abc');
    assert.equal(path, `/data/2026-11-25--14/.part-${UUID}-0-1.txt.inprogress.abc`);
    assert.equal(isInProgressFileName(`.part-${UUID}-0-1.txt.inprogress.abc`), true);
    assert.equal(isInProgressFileName(`part-${UUID}-0-1.txt`), false);
  });

  it('fills defaults and refuses separators in names', () => {
    assert.deepEqual(resolveOutputFileConfig({ partSuffix: '.csv' }), { partPrefix: 'part', partSuffix: '.csv' });
    assert.throws(() => resolveOutputFileConfig({ partPrefix: '../x' }), /partPrefix must be a string without '\/'/);
    assert.throws(() => resolveOutputFileConfig(null as never), /expects \{ partPrefix\?, partSuffix\? \}/);
  });
});
