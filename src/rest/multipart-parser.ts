// A small, strict, streaming parser of multipart/form-data bodies (RFC 7578 over RFC 2046), for the uploads of
// POST /jobs and POST /jars/upload. It never buffers a part's content: bytes go to the sink as they arrive, except
// a tail shorter than the delimiter that might be the start of one. Headers, part count and preamble are bounded.
// Anything it does not understand is an error that says what and where, never a guess.
//
// Thread: the JobManager's main thread, called from the request's 'data' events; write() and end() are synchronous.

/** Why a body was refused; `status` is the HTTP status to answer with (400, or 413 for a limit). */
export class MultipartError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** A part's identity from its Content-Disposition (and Content-Type) header. */
export interface PartHeaders {
  /** The form field name (`name=`). */
  readonly name: string;
  /** The client's file name (`filename=`), undefined for a plain field. Never a path the server uses. */
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
}

/** Receives a body's parts in order: start, data (zero or more), end, then the next part. */
export interface MultipartSink {
  partStart(headers: PartHeaders, index: number): void;
  /** A slice of the request's chunk; the sink may keep it (chunks are not reused). */
  partData(data: Buffer): void;
  partEnd(): void;
}

export interface MultipartLimits {
  /** Most parts a body may have. */
  readonly maxParts: number;
  /** Most bytes of one part's header block. */
  readonly maxHeaderBytes: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = { maxParts: 16, maxHeaderBytes: 8192 };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** RFC 2046 bchars, 1 to 70 of them, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary of a `multipart/form-data; boundary=...` Content-Type; throws a 400 MultipartError otherwise. */
export function boundaryOf(contentType: string | undefined): string {
  const type = contentType ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(type)) {
    throw new MultipartError(
      `Bad request: the body must be multipart/form-data (got Content-Type '${type.slice(0, 100) || 'none'}'); ` +
        "send the files as form fields, e.g. curl -F 'jarfile=@job.mjs'.",
    );
  }
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(type);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined || boundary === '') {
    throw new MultipartError('Bad request: the multipart/form-data Content-Type has no boundary parameter.');
  }
  if (!BOUNDARY.test(boundary)) {
    throw new MultipartError(
      `Bad request: the multipart boundary '${boundary.slice(0, 100)}' is not valid (RFC 2046: 1 to 70 letters, ` +
        "digits or '()+_,-./:=? characters).",
    );
  }
  return boundary;
}

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

export class MultipartParser {
  /** "\r\n--boundary": every delimiter, the first one included (a virtual CRLF starts the body). */
  private readonly delimiter: Buffer;
  private state: State = 'preamble';
  private pending: Buffer = CRLF;
  private parts = 0;
  private preambleBytes = 0;

  constructor(
    boundary: string,
    private readonly sink: MultipartSink,
    private readonly limits: MultipartLimits = DEFAULT_MULTIPART_LIMITS,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** Feeds the next chunk of the body. Throws MultipartError; the parser is then unusable. */
  write(chunk: Buffer): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const rest = this.step(buf);
      if (rest === undefined) return;
      buf = rest;
    }
  }

  /** The body ended: it must have ended with the closing delimiter. */
  end(): void {
    if (this.state === 'done') return;
    if (this.parts === 0 && this.state === 'preamble') {
      throw new MultipartError('Bad request: the multipart body has no parts (no boundary line was found).');
    }
    throw new MultipartError(
      `Bad request: the multipart body was truncated: it ended inside part ${Math.max(this.parts, 1)} before the ` +
        'closing boundary (--boundary--).',
    );
  }

  /** Consumes what it can of `buf`; returns the rest to go on with, or undefined when it needs more bytes. */
  private step(buf: Buffer): Buffer | undefined {
    switch (this.state) {
      case 'preamble':
        return this.preamble(buf);
      case 'after-delimiter':
        return this.afterDelimiter(buf);
      case 'headers':
        return this.headers(buf);
      case 'body':
        return this.body(buf);
      case 'done':
        // The epilogue is ignored, as RFC 2046 says.
        this.pending = Buffer.alloc(0);
        return undefined;
      default: {
        const never: never = this.state;
        throw new Error(`Unknown multipart state ${String(never)}`);
      }
    }
  }

  private preamble(buf: Buffer): Buffer | undefined {
    const at = buf.indexOf(this.delimiter);
    if (at < 0) {
      const keep = Math.min(buf.length, this.delimiter.length - 1);
      this.preambleBytes += buf.length - keep;
      this.checkPreamble();
      this.pending = buf.subarray(buf.length - keep);
      return undefined;
    }
    this.preambleBytes += at;
    this.checkPreamble();
    this.state = 'after-delimiter';
    return buf.subarray(at + this.delimiter.length);
  }

  private checkPreamble(): void {
    if (this.preambleBytes > this.limits.maxHeaderBytes) {
      throw new MultipartError(
        `Bad request: no multipart boundary line within the first ${this.limits.maxHeaderBytes} bytes: the ` +
          'body does not use the boundary its Content-Type names.',
      );
    }
  }

  private afterDelimiter(buf: Buffer): Buffer | undefined {
    if (buf.length < 2) {
      this.pending = buf;
      return undefined;
    }
    if (buf[0] === 0x2d && buf[1] === 0x2d) {
      this.state = 'done';
      return buf.subarray(2);
    }
    if (buf[0] !== 0x0d || buf[1] !== 0x0a) {
      throw new MultipartError(
        `Bad request: malformed multipart boundary line before part ${this.parts + 1}: the boundary must be ` +
          "followed by CRLF (or '--' to close the body).",
      );
    }
    if (this.parts >= this.limits.maxParts) {
      throw new MultipartError(`Bad request: the multipart body has more than ${this.limits.maxParts} parts.`, 413);
    }
    this.parts++;
    this.state = 'headers';
    return buf.subarray(2);
  }

  private headers(buf: Buffer): Buffer | undefined {
    const at = buf.indexOf(HEADER_END);
    // The empty header block (CRLF right away) is allowed by RFC 2046 but has no Content-Disposition.
    const end = buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a ? 0 : at;
    if (end < 0) {
      if (buf.length > this.limits.maxHeaderBytes) this.headerTooLarge();
      this.pending = buf;
      return undefined;
    }
    if (end > this.limits.maxHeaderBytes) this.headerTooLarge();
    const headers = parsePartHeaders(buf.subarray(0, end).toString('utf8'), this.parts);
    this.sink.partStart(headers, this.parts - 1);
    this.state = 'body';
    return buf.subarray(end === 0 ? 2 : end + HEADER_END.length);
  }

  private headerTooLarge(): never {
    throw new MultipartError(
      `Bad request: the headers of multipart part ${this.parts} are larger than ${this.limits.maxHeaderBytes} bytes.`,
      413,
    );
  }

  private body(buf: Buffer): Buffer | undefined {
    const at = buf.indexOf(this.delimiter);
    if (at < 0) {
      // Keep a tail that may be the start of the delimiter; everything before it is content.
      const safe = buf.length - (this.delimiter.length - 1);
      if (safe > 0) this.sink.partData(buf.subarray(0, safe));
      this.pending = safe > 0 ? buf.subarray(safe) : buf;
      return undefined;
    }
    if (at > 0) this.sink.partData(buf.subarray(0, at));
    this.sink.partEnd();
    this.state = 'after-delimiter';
    return buf.subarray(at + this.delimiter.length);
  }
}

/** Parses one part's header block; the part must name itself with Content-Disposition: form-data; name="...". */
export function parsePartHeaders(block: string, part: number): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block === '' ? [] : block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line)) {
      throw new MultipartError(
        `Bad request: malformed header line in multipart part ${part}: '${line.slice(0, 100)}'.`,
      );
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw new MultipartError(
      `Bad request: multipart part ${part} has no 'Content-Disposition: form-data; name="..."' header.`,
    );
  }
  const params = dispositionParams(disposition, part);
  const name = params.get('name');
  if (name === undefined || name === '') {
    throw new MultipartError(`Bad request: multipart part ${part} has no field name (Content-Disposition name="...").`);
  }
  return { name, fileName: params.get('filename*') ?? params.get('filename'), contentType };
}

/** `; key=value` and `; key="quoted"` parameters; `filename*=UTF-8''...` (RFC 5987) is decoded. */
function dispositionParams(disposition: string, part: number): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([A-Za-z0-9!#$&+.^_`|~*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  let consumed = disposition.indexOf(';') < 0 ? disposition.length : disposition.indexOf(';');
  for (let m = pattern.exec(disposition); m !== null; m = pattern.exec(disposition)) {
    if (m.index !== consumed && disposition.slice(consumed, m.index).trim() !== '') break;
    const key = m[1].toLowerCase();
    // Browsers escape '"' as %22 and leave backslashes alone; only \" is read as an escaped quote, so a name like
    // ..\x keeps its backslash (and is refused as a path).
    let value = m[2] !== undefined ? m[2].replace(/\\"/g, '"') : (m[3] as string);
    if (key.endsWith('*')) value = decodeExtended(value, part);
    params.set(key, value);
    consumed = m.index + m[0].length;
  }
  if (disposition.slice(consumed).trim() !== '') {
    throw new MultipartError(
      `Bad request: malformed Content-Disposition in multipart part ${part}: '${disposition.slice(0, 200)}'.`,
    );
  }
  return params;
}

function decodeExtended(value: string, part: number): string {
  const match = /^UTF-8'[^']*'(.*)$/i.exec(value);
  try {
    if (match !== null) return decodeURIComponent(match[1] as string);
  } catch {
    // reported below
  }
  throw new MultipartError(
    `Bad request: the extended parameter '${value.slice(0, 100)}' of part ${part} is not UTF-8''...`,
  );
}
