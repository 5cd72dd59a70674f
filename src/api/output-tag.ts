import type { TypeInformation } from '../core/types/type-information.js';

/** Names a side output; equal ids mean the same side output (Flink compares OutputTags by id). */
export class OutputTag<T> {
  constructor(
    readonly id: string,
    readonly type?: TypeInformation<T>,
  ) {
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError('OutputTag needs a non-empty id, e.g. new OutputTag<string>("late-data")');
    }
  }
  toString(): string {
    return `OutputTag(${this.id})`;
  }
}
