import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { plainFileName } from './file-upload.js';
import {
  boundaryOf,
  MultipartError,
  MultipartParser,
  type MultipartSink,
  type PartHeaders,
  parsePartHeaders,
} from './multipart-parser.js';

interface Part {
  readonly headers: PartHeaders;
  readonly body: string;
}

/** Parses `body` fed in the given chunk sizes; returns the parts as the sink saw them. */
function parse(
  body: Buffer,
  boundary: string,
  chunkSizes: readonly number[] = [],
  limits?: { maxParts: number; maxHeaderBytes: number },
): Part[] {
  const parts: Part[] = [];
  let current: { headers: PartHeaders; chunks: Buffer[] } | undefined;
  const sink: MultipartSink = {
    partStart: (headers) => {
      assert.equal(current, undefined, 'a part started before the previous one ended');
      current = { headers, chunks: [] };
    },
    partData: (data) => current?.chunks.push(Buffer.from(data)),
    partEnd: () => {
      const c = current as { headers: PartHeaders; chunks: Buffer[] };
      parts.push({ headers: c.headers, body: Buffer.concat(c.chunks).toString('latin1') });
      current = undefined;
    },
  };
  const parser = new MultipartParser(boundary, sink, limits);
  let at = 0;
  for (const size of chunkSizes) {
    parser.write(body.subarray(at, at + size));
    at += size;
  }
  parser.write(body.subarray(at));
  parser.end();
  return parts;
}

const B = 'WeirBoundary7MA4YWxk';
const BODY = Buffer.from(
  `--${B}\r\nContent-Disposition: form-data; name="request"\r\nContent-Type: application/json\r\n\r\n` +
    `{"jobGraphFileName":"job.graph"}\r\n` +
    `--${B}\r\nContent-Disposition: form-data; name="file_0"; filename="job.mjs"\r\n\r\n` +
    `console.log("--${B.slice(0, 5)}\\r\\n");\r\n--not-the-boundary\r\n\r\n` +
    `--${B}--\r\nepilogue`,
  'latin1',
);

function rejects(fn: () => unknown, pattern: RegExp, status = 400): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MultipartError, String(error));
    assert.match(error.message, pattern);
    assert.equal(error.status, status);
    return true;
  });
}

describe('MultipartParser', () => {
  it('yields fields and files with their headers; content that resembles a boundary stays content', () => {
    const parts = parse(BODY, B);
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0]?.headers, { name: 'request', fileName: undefined, contentType: 'application/json' });
    assert.equal(parts[0]?.body, '{"jobGraphFileName":"job.graph"}');
    assert.deepEqual(parts[1]?.headers, { name: 'file_0', fileName: 'job.mjs', contentType: undefined });
    assert.equal(parts[1]?.body, `console.log("--${B.slice(0, 5)}\\r\\n");\r\n--not-the-boundary\r\n`);
  });

  it('gives the same parts however the body is split into chunks', () => {
    const whole = parse(BODY, B);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }), (sizes) => {
        assert.deepEqual(parse(BODY, B, sizes), whole);
      }),
    );
    // One byte at a time, the worst case for delimiter tails.
    assert.deepEqual(parse(BODY, B, new Array(BODY.length).fill(1)), whole);
  });

  it('keeps binary content byte for byte, including CR, LF and dashes at chunk edges', () => {
    const content = Buffer.from(Array.from({ length: 3000 }, (_, i) => [13, 10, 45, 0, 255][i % 5] as number));
    const body = Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="jarfile"; filename="x.mjs"\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${B}--`),
    ]);
    const [part] = parse(body, B, [7, 100, 1, 1, 2000]);
    assert.deepEqual(Buffer.from(part?.body ?? '', 'latin1'), content);
  });

  it('ignores a preamble before the first boundary', () => {
    const body = Buffer.concat([Buffer.from('This is a preamble.\r\n'), BODY]);
    assert.equal(parse(body, B).length, 2);
  });

  it('refuses a body that does not use its boundary', () => {
    rejects(() => parse(BODY, 'OtherBoundary'), /no parts|no multipart boundary line/);
  });

  it('refuses a boundary line followed by anything but CRLF or --', () => {
    rejects(() => parse(Buffer.from(`--${B}XX\r\n`), B), /malformed multipart boundary line before part 1/);
  });

  it('refuses a truncated body: no closing boundary', () => {
    const cut = BODY.subarray(0, BODY.indexOf(`--${B}--`));
    rejects(() => parse(cut, B), /truncated: it ended inside part 2/);
    rejects(() => parse(BODY.subarray(0, 30), B), /truncated/);
  });

  it('refuses an empty body', () => {
    rejects(() => parse(Buffer.alloc(0), B), /no parts/);
  });

  it('refuses more parts than allowed, and oversized part headers, with 413', () => {
    rejects(() => parse(BODY, B, [], { maxParts: 1, maxHeaderBytes: 8192 }), /more than 1 parts/, 413);
    rejects(
      () => parse(BODY, B, [], { maxParts: 8, maxHeaderBytes: 40 }),
      /headers of multipart part 1 are larger/,
      413,
    );
    // Also when the header block never ends.
    const endless = Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"${'x'.repeat(100)}`);
    rejects(() => parse(endless, B, [], { maxParts: 8, maxHeaderBytes: 40 }), /larger than 40 bytes/, 413);
  });

  it('refuses a part without Content-Disposition or without a name', () => {
    const noDisposition = Buffer.from(`--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--`);
    rejects(() => parse(noDisposition, B), /part 1 has no 'Content-Disposition: form-data/);
    const empty = Buffer.from(`--${B}\r\n\r\nx\r\n--${B}--`);
    rejects(() => parse(empty, B), /part 1 has no 'Content-Disposition/);
    const noName = Buffer.from(`--${B}\r\nContent-Disposition: form-data; filename="a.mjs"\r\n\r\nx\r\n--${B}--`);
    rejects(() => parse(noName, B), /no field name/);
  });
});

describe('parsePartHeaders', () => {
  it('reads quoted, unquoted and RFC 5987 parameters', () => {
    assert.deepEqual(parsePartHeaders('Content-Disposition: form-data; name=jarfile; filename="a \\"b\\".mjs"', 1), {
      name: 'jarfile',
      fileName: 'a "b".mjs',
      contentType: undefined,
    });
    const extended = parsePartHeaders(
      `content-disposition: form-data; name="f"; filename="x.mjs"; filename*=UTF-8''%C3%A9t%C3%A9.mjs`,
      1,
    );
    assert.equal(extended.fileName, 'été.mjs');
  });

  it('refuses malformed header lines and dispositions', () => {
    rejects(() => parsePartHeaders('no colon here', 2), /malformed header line in multipart part 2/);
    rejects(() => parsePartHeaders('Content-Disposition: form-data; name="a"\r\n folded', 1), /malformed header line/);
    rejects(
      () => parsePartHeaders('Content-Disposition: attachment; name="a"', 1),
      /no 'Content-Disposition: form-data/,
    );
    rejects(
      () => parsePartHeaders('Content-Disposition: form-data; name="a"; junk', 1),
      /malformed Content-Disposition/,
    );
  });
});

describe('boundaryOf', () => {
  it('reads plain and quoted boundaries', () => {
    assert.equal(boundaryOf(`multipart/form-data; boundary=${B}`), B);
    assert.equal(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b:c"'), 'a b:c');
  });

  it('refuses other content types, a missing boundary and invalid boundaries', () => {
    rejects(
      () => boundaryOf('application/json'),
      /must be multipart\/form-data \(got Content-Type 'application\/json'\)/,
    );
    rejects(() => boundaryOf(undefined), /got Content-Type 'none'/);
    rejects(() => boundaryOf('multipart/form-data'), /has no boundary parameter/);
    rejects(() => boundaryOf('multipart/form-data; boundary='), /has no boundary parameter/);
    rejects(() => boundaryOf(`multipart/form-data; boundary=${'x'.repeat(71)}`), /is not valid/);
    rejects(() => boundaryOf('multipart/form-data; boundary="ends with space "'), /is not valid/);
    rejects(() => boundaryOf('multipart/form-data; boundary=a<b>'), /is not valid/);
  });
});

describe('plainFileName', () => {
  it('accepts plain names', () => {
    assert.equal(plainFileName('job.mjs', 'jarfile'), 'job.mjs');
    assert.equal(plainFileName('my job (1).js', 'jarfile'), 'my job (1).js');
  });

  for (const bad of ['../../etc/passwd', '..\\x', '/etc/passwd', 'C:\\x.mjs', '..', '.', '', 'a\u0000.mjs', 'a\nb']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      rejects(() => plainFileName(bad, 'jarfile'), /of form field 'jarfile' is not a plain file name/);
    });
  }

  it('refuses names longer than 255 characters', () => {
    rejects(() => plainFileName(`${'a'.repeat(256)}.mjs`, 'f'), /longer than 255/);
  });
});
