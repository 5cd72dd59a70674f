// Deep copies of state values for snapshots (Flink's TypeSerializer.copy). A snapshot is encoded in slices after the
// task moved on, and users do mutate state objects in place (an accumulator's `acc.count++`, a POJO read from
// ValueState and updated): the snapshot must hold what the state was at the barrier. Primitives are shared; arrays,
// Maps, Sets, Dates, byte arrays and objects (keeping their prototype, so registered classes stay themselves) are
// copied. Runs on the task thread at the barrier, for object values only.

export function copyStateValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  return copyObject(value as object, 0) as T;
}

const MAX_DEPTH = 256;

function copyObject(value: object, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    throw new RangeError('A state value nests deeper than 256 levels (or refers to itself) and cannot be snapshotted');
  }
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyAny(value[i], depth);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    for (const [k, v] of value) out.set(copyAny(k, depth), copyAny(v, depth));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    for (const v of value) out.add(copyAny(v, depth));
    return out;
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice();
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = copyAny((value as Record<string, unknown>)[key], depth);
  return out;
}

function copyAny(value: unknown, depth: number): unknown {
  return typeof value === 'object' && value !== null ? copyObject(value, depth + 1) : value;
}
