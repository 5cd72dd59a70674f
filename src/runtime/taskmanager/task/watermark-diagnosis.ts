import type { SplitWatermark } from '../../../api/eventtime/watermark-output-multiplexer.js';
import { MIN_WATERMARK } from '../../../core/time.js';

// "Why is my window not firing": which input channel or source split holds a task's watermark back. Computed in
// TaskMetrics.sample() once per interval (never per record) and shipped inside the task's flat metrics map, so the
// slot protocol stays `Record<string, number>`; the JobMaster decodes it with decodeWatermarkMetrics(). Channel
// indexes are positions in the input gate (the InputSpecs' channels in order); the JobMaster maps them to edges and
// producer subtasks. Split ids travel in the metric names.

/** At most this many channels or splits are named per input: enough to point at the culprit, bounded in size. */
export const MAX_NAMED = 4;

/** What the diagnosis reads of one input (TaskInput's WatermarkValve). */
export interface ChannelWatermarksView {
  readonly numChannels: number;
  readonly lastEmittedWatermark: number;
  channelWatermarks(): readonly number[];
  isChannelIdle(channel: number): boolean;
}

export interface HeldBackChannel {
  readonly channel: number;
  readonly watermark: number;
}

export interface InputDiagnosis {
  readonly inputIndex: 1 | 2;
  readonly numChannels: number;
  /** The input's combined watermark (what the valve last emitted). */
  readonly watermark: number;
  /** Active, unfinished channels at the lowest watermark (first MAX_NAMED by channel index). */
  readonly lowest: readonly HeldBackChannel[];
  readonly numLowest: number;
  /** Idle channels (first MAX_NAMED); they do not hold the input back. */
  readonly idle: readonly number[];
  readonly numIdle: number;
}

export interface SplitDiagnosis {
  readonly numSplits: number;
  readonly lowest: readonly { readonly splitId: string; readonly watermark: number }[];
  readonly numLowest: number;
  readonly idle: readonly string[];
  readonly numIdle: number;
}

/** Finds the channels at the lowest watermark among active, unfinished channels, and the idle ones. */
export function diagnoseInput(inputIndex: 1 | 2, valve: ChannelWatermarksView): InputDiagnosis {
  const watermarks = valve.channelWatermarks();
  let min = Number.POSITIVE_INFINITY;
  const idle: number[] = [];
  let numIdle = 0;
  for (let c = 0; c < watermarks.length; c++) {
    if (valve.isChannelIdle(c)) {
      if (numIdle++ < MAX_NAMED) idle.push(c);
    } else if (watermarks[c] < min) {
      min = watermarks[c];
    }
  }
  const lowest: HeldBackChannel[] = [];
  let numLowest = 0;
  if (min !== Number.POSITIVE_INFINITY) {
    for (let c = 0; c < watermarks.length; c++) {
      if (valve.isChannelIdle(c) || watermarks[c] !== min) continue;
      if (numLowest++ < MAX_NAMED) lowest.push({ channel: c, watermark: min });
    }
  }
  const numChannels = valve.numChannels;
  return { inputIndex, numChannels, watermark: valve.lastEmittedWatermark, lowest, numLowest, idle, numIdle };
}

/** The same for a source's splits: the lowest active split(s) and the idle ones. */
export function diagnoseSplits(splits: readonly SplitWatermark[]): SplitDiagnosis {
  let min = Number.POSITIVE_INFINITY;
  const idle: string[] = [];
  let numIdle = 0;
  for (const s of splits) {
    if (s.idle) {
      if (numIdle++ < MAX_NAMED) idle.push(s.id);
    } else if (s.watermark < min) {
      min = s.watermark;
    }
  }
  const lowest: { splitId: string; watermark: number }[] = [];
  let numLowest = 0;
  if (min !== Number.POSITIVE_INFINITY) {
    for (const s of splits) {
      if (s.idle || s.watermark !== min) continue;
      if (numLowest++ < MAX_NAMED) lowest.push({ splitId: s.id, watermark: min });
    }
  }
  return { numSplits: splits.length, lowest, numLowest, idle, numIdle };
}

const INPUT = 'watermark.input.';
const SPLIT = 'watermark.split.';

/** Writes a diagnosis into the flat metrics map (the names decodeWatermarkMetrics reads). */
export function encodeInput(d: InputDiagnosis, into: Record<string, number>): void {
  const p = `${INPUT}${d.inputIndex}.`;
  into[`${p}numChannels`] = d.numChannels;
  into[`${p}watermark`] = d.watermark;
  into[`${p}numLowest`] = d.numLowest;
  into[`${p}numIdle`] = d.numIdle;
  for (const l of d.lowest) into[`${p}lowest.${l.channel}`] = l.watermark;
  for (const c of d.idle) into[`${p}idle.${c}`] = 1;
}

export function encodeSplits(d: SplitDiagnosis, into: Record<string, number>): void {
  into[`${SPLIT}numSplits`] = d.numSplits;
  into[`${SPLIT}numLowest`] = d.numLowest;
  into[`${SPLIT}numIdle`] = d.numIdle;
  for (const l of d.lowest) into[`${SPLIT}lowest.${l.splitId}`] = l.watermark;
  for (const id of d.idle) into[`${SPLIT}idle.${id}`] = 1;
}

/** A task's watermark metrics, decoded (JobMaster side). */
export interface TaskWatermarks {
  /** Min over the task's inputs; -Infinity for a source task or before any watermark. */
  readonly inputWatermark: number;
  /** By chain position (head first). */
  readonly operators: readonly { readonly input: number; readonly output: number }[];
  readonly inputs: readonly InputDiagnosis[];
  /** Present for a source task with a WatermarkStrategy. */
  readonly splits: SplitDiagnosis | undefined;
}

/** Reads what TaskMetrics wrote; undefined when the task has not reported watermarks yet. */
export function decodeWatermarkMetrics(m: Readonly<Record<string, number>>): TaskWatermarks | undefined {
  const inputWatermark = m.currentInputWatermark;
  if (inputWatermark === undefined) return undefined;
  const operators: { input: number; output: number }[] = [];
  for (let i = 0; m[`operator.${i}.currentOutputWatermark`] !== undefined; i++) {
    operators.push({
      input: m[`operator.${i}.currentInputWatermark`] ?? MIN_WATERMARK,
      output: m[`operator.${i}.currentOutputWatermark`],
    });
  }
  const inputs: InputDiagnosis[] = [];
  for (const inputIndex of [1, 2] as const) {
    const p = `${INPUT}${inputIndex}.`;
    if (m[`${p}numChannels`] === undefined) continue;
    const lowest: HeldBackChannel[] = [];
    const idle: number[] = [];
    for (const key of Object.keys(m)) {
      if (key.startsWith(`${p}lowest.`)) lowest.push({ channel: Number(key.slice(p.length + 7)), watermark: m[key] });
      else if (key.startsWith(`${p}idle.`)) idle.push(Number(key.slice(p.length + 5)));
    }
    lowest.sort((a, b) => a.channel - b.channel);
    idle.sort((a, b) => a - b);
    inputs.push({
      inputIndex,
      numChannels: m[`${p}numChannels`],
      watermark: m[`${p}watermark`] ?? MIN_WATERMARK,
      lowest,
      numLowest: m[`${p}numLowest`] ?? lowest.length,
      idle,
      numIdle: m[`${p}numIdle`] ?? idle.length,
    });
  }
  return { inputWatermark, operators, inputs, splits: decodeSplits(m) };
}

function decodeSplits(m: Readonly<Record<string, number>>): SplitDiagnosis | undefined {
  if (m[`${SPLIT}numSplits`] === undefined) return undefined;
  const lowest: { splitId: string; watermark: number }[] = [];
  const idle: string[] = [];
  for (const key of Object.keys(m)) {
    if (key.startsWith(`${SPLIT}lowest.`)) lowest.push({ splitId: key.slice(SPLIT.length + 7), watermark: m[key] });
    else if (key.startsWith(`${SPLIT}idle.`)) idle.push(key.slice(SPLIT.length + 5));
  }
  return {
    numSplits: m[`${SPLIT}numSplits`],
    lowest,
    numLowest: m[`${SPLIT}numLowest`] ?? lowest.length,
    idle,
    numIdle: m[`${SPLIT}numIdle`] ?? idle.length,
  };
}
