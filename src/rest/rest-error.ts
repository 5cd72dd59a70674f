/**
 * An error a handler answers with: Flink's RestHandlerException. The server renders it as Flink does,
 * `{"errors": [message]}` with `status`.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'RestError';
  }
}

/** Flink's ErrorResponseBody. */
export interface ErrorResponseBody {
  readonly errors: readonly string[];
}

/** Keeps echoed request data short: a huge URL in a request must not come back as a huge error message. */
export function truncateForMessage(text: string, max = 256): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}
