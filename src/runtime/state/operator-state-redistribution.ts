import type { OperatorListStateSnapshot, OperatorStateSnapshot } from '../checkpoint/subtask-state.js';

// Operator state on restore (Flink's RoundRobinOperatorStateRepartitioner). Runs on the JobMaster side (or in the
// task) once per new subtask; pure, so every new subtask computes its share independently and consistently.
//
// Same parallelism: split lists and broadcast state stay with their subtask; union lists are still unioned (Flink
// does this too, so a union state always holds every old subtask's entries after any restore).
// Other parallelism, per state name (names in sorted order, so the result does not depend on map order):
// - split: all old subtasks' entries concatenated in old-subtask order, cut into newParallelism contiguous shares
//   whose sizes differ by at most one. As in Flink the shares are handed out round robin across state names: the
//   first name starts at subtask 0; each next name starts at the first subtask that did not get an extra entry
//   for the previous name, so the extras of several small states do not all land on subtask 0.
// - union: every new subtask gets all entries of all old subtasks, in old-subtask order.
// - broadcast: new subtask i gets old subtask (i mod oldParallelism)'s map (they are identical).

const EMPTY: OperatorStateSnapshot = { lists: new Map(), broadcast: new Map() };

/** The operator state new subtask `newIndex` of `newParallelism` restores from the old subtasks' snapshots. */
export function redistributeOperatorState(
  old: readonly (OperatorStateSnapshot | undefined)[],
  newParallelism: number,
  newIndex: number,
): OperatorStateSnapshot {
  checkArguments(old, newParallelism, newIndex);
  if (old.length === 0) return EMPTY;
  const sameParallelism = old.length === newParallelism;
  const splits = collectLists(old, 'split');
  const unions = collectLists(old, 'union');
  const lists = new Map<string, OperatorListStateSnapshot>();
  if (sameParallelism) {
    const own = old[newIndex];
    if (own !== undefined) for (const [name, s] of own.lists) if (s.mode === 'split') lists.set(name, s);
  } else {
    let start = 0;
    for (const name of [...splits.keys()].sort()) {
      const share = splitShare(splits.get(name) as unknown[], newParallelism, newIndex, start);
      lists.set(name, { mode: 'split', values: share.values });
      start = share.nextStart;
    }
  }
  for (const [name, values] of unions) lists.set(name, { mode: 'union', values });
  return { lists, broadcast: broadcastFor(old, newIndex) };
}

function checkArguments(
  old: readonly (OperatorStateSnapshot | undefined)[],
  newParallelism: number,
  newIndex: number,
): void {
  if (!Array.isArray(old)) {
    throw new TypeError('redistributeOperatorState: old must be an array of snapshots (undefined for none)');
  }
  if (!Number.isInteger(newParallelism) || newParallelism <= 0) {
    throw new RangeError(`redistributeOperatorState: newParallelism must be a positive integer, got ${newParallelism}`);
  }
  if (!Number.isInteger(newIndex) || newIndex < 0 || newIndex >= newParallelism) {
    throw new RangeError(
      `redistributeOperatorState: newIndex must be an integer in [0, ${newParallelism - 1}], got ${newIndex}`,
    );
  }
}

/** Entries of every list state of `mode`, concatenated in old-subtask order; a name in two modes is an error. */
function collectLists(
  old: readonly (OperatorStateSnapshot | undefined)[],
  mode: 'split' | 'union',
): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (let i = 0; i < old.length; i++) {
    const snapshot = old[i];
    if (snapshot === undefined) continue;
    for (const [name, list] of snapshot.lists) {
      if (list.mode !== mode) {
        if (list.mode !== 'split' && list.mode !== 'union') {
          throw new TypeError(`Operator state '${name}' of old subtask ${i} has unknown mode '${String(list.mode)}'`);
        }
        continue;
      }
      let values = out.get(name);
      if (values === undefined) out.set(name, (values = []));
      for (const v of list.values) values.push(v);
    }
  }
  if (mode === 'union') checkModesAgree(old, out);
  return out;
}

function checkModesAgree(old: readonly (OperatorStateSnapshot | undefined)[], unions: Map<string, unknown[]>): void {
  for (let i = 0; i < old.length; i++) {
    for (const [name, list] of old[i]?.lists ?? []) {
      if (list.mode === 'split' && unions.has(name)) {
        throw new Error(
          `Operator state '${name}' is a split list in old subtask ${i} but a union list in another: the checkpoint is inconsistent`,
        );
      }
    }
  }
}

interface Share {
  readonly values: unknown[];
  /** Where the next state name's round starts (Flink's newStartParallelOp). */
  readonly nextStart: number;
}

/**
 * Round i of newParallelism hands the i-th contiguous chunk to subtask (i + start) mod newParallelism; the first
 * `remainder` chunks are one longer. Returns subtask `newIndex`'s chunk.
 */
function splitShare(all: readonly unknown[], newParallelism: number, newIndex: number, start: number): Share {
  const base = Math.floor(all.length / newParallelism);
  const remainder = all.length % newParallelism;
  const round = (newIndex - start + newParallelism) % newParallelism;
  const from = round * base + Math.min(round, remainder);
  const size = base + (round < remainder ? 1 : 0);
  // The first round without an extra entry is round `remainder` (round 0 when the entries divide evenly).
  const nextStart = (start + remainder) % newParallelism;
  return { values: all.slice(from, from + size), nextStart };
}

function broadcastFor(
  old: readonly (OperatorStateSnapshot | undefined)[],
  newIndex: number,
): Map<string, ReadonlyArray<readonly [unknown, unknown]>> {
  const out = new Map<string, ReadonlyArray<readonly [unknown, unknown]>>();
  const source = old[newIndex % old.length];
  if (source !== undefined) for (const [name, entries] of source.broadcast) out.set(name, entries);
  // A broadcast state missing from the chosen subtask (it had no snapshot) is taken from any other that has it.
  for (const snapshot of old) {
    if (snapshot === undefined) continue;
    for (const [name, entries] of snapshot.broadcast) if (!out.has(name)) out.set(name, entries);
  }
  return out;
}
