// How a row-format FileSink turns one record into bytes (Flink's Encoder). Called per record on the task's thread,
// synchronously: return the record's bytes (a string is written as UTF-8), including any separator.

export interface Encoder<IN> {
  encode(element: IN): string | Uint8Array;
}

/** Writes `String(element)` followed by a newline (Flink's SimpleStringEncoder, UTF-8 only). */
export class SimpleStringEncoder<IN = unknown> implements Encoder<IN> {
  encode(element: IN): string {
    return `${String(element)}\n`;
  }
}
