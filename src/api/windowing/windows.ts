import { registerType } from '../../core/types/type-registry.js';

// Windows are the namespaces of window state and timers. The heap backend identifies a namespace object by its
// namespaceKey(), so two window objects with the same bounds address the same state (as Flink's equals/hashCode).

/** A window: a finite or infinite group of elements with a last timestamp (Flink's Window). */
export interface Window {
  /** The largest timestamp that still belongs to this window (event-time firing and cleanup key off it). */
  maxTimestamp(): number;
  /** Canonical identity for state and timer maps; equal for equal windows. */
  namespaceKey(): string | number;
}

/** A time interval [start, end): `end` is exclusive, so maxTimestamp is end - 1 (Flink's TimeWindow). */
export class TimeWindow implements Window {
  /** namespaceKey() memoized: state and timer maps then hash one string per window object, not a new one per call. */
  private key: string | undefined = undefined;
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  getStart(): number {
    return this.start;
  }
  getEnd(): number {
    return this.end;
  }
  maxTimestamp(): number {
    return this.end - 1;
  }
  namespaceKey(): string {
    let key = this.key;
    if (key === undefined) key = this.key = `${this.start}|${this.end}`;
    return key;
  }
  equals(other: unknown): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end;
  }
  /** True when the windows overlap or touch (closed bounds, as Flink: [0,5) and [5,10) intersect). */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }
  /** The smallest window covering both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }
  toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /**
   * The start of the window of `timestamp` for windows of `windowSize` aligned to `offset` (Flink's
   * getWindowStartWithOffset). Works for negative timestamps: the remainder is moved into [0, windowSize).
   */
  static getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
    const remainder = (timestamp - offset) % windowSize;
    return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
  }

  /**
   * Merges overlapping (or touching) windows, as session assigners do: sorts by start, sweeps, and reports each
   * group of two or more windows with the window covering it.
   */
  static mergeWindows(
    windows: Iterable<TimeWindow>,
    callback: (toBeMerged: TimeWindow[], mergeResult: TimeWindow) => void,
  ): void {
    // Runs once per record of a session window: one sorted copy and one array per group, no other allocation
    // (a member inside the cover keeps the cover object instead of building an equal one).
    const sorted = Array.isArray(windows) ? (windows as TimeWindow[]).slice() : [...windows];
    sorted.sort(byStart);
    let cover: TimeWindow | undefined;
    let members: TimeWindow[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const candidate = sorted[i] as TimeWindow;
      if (cover === undefined) {
        cover = candidate;
        members = [candidate];
      } else if (cover.intersects(candidate)) {
        if (candidate.start < cover.start || candidate.end > cover.end) cover = cover.cover(candidate);
        if (!containsEqual(members, candidate)) members.push(candidate);
      } else {
        if (members.length > 1) callback(members, cover);
        cover = candidate;
        members = [candidate];
      }
    }
    if (cover !== undefined && members.length > 1) callback(members, cover);
  }
}

function byStart(a: TimeWindow, b: TimeWindow): number {
  return a.start - b.start;
}

function containsEqual(members: readonly TimeWindow[], candidate: TimeWindow): boolean {
  for (let i = 0; i < members.length; i++) if ((members[i] as TimeWindow).equals(candidate)) return true;
  return false;
}

/** The single window of GlobalWindows: it holds every element of a key and never ends on its own. */
export class GlobalWindow implements Window {
  private static readonly INSTANCE = new GlobalWindow();
  private constructor() {}
  static get(): GlobalWindow {
    return GlobalWindow.INSTANCE;
  }
  /** +Infinity: only the watermark at the end of bounded input reaches it (Flink: Long.MAX_VALUE). */
  maxTimestamp(): number {
    return Number.POSITIVE_INFINITY;
  }
  namespaceKey(): string {
    return 'GlobalWindow';
  }
  toString(): string {
    return 'GlobalWindow';
  }
}

// Windows travel in timer snapshots and in the merging-window-set state: the generic codec must keep their class.
registerType(TimeWindow, 'weir.TimeWindow');
registerType(GlobalWindow as unknown as new () => object, 'weir.GlobalWindow');
