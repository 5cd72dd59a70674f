// Classes the generic codec may carry with their prototype (registerType), and the slow search that explains an
// encode failure by the path of the offending value. The registry is per thread (module state): every worker must
// run the same registerType calls, which it does when they sit at the top level of the job module.

import { describeValue } from './codegen.js';

/** Nesting deeper than this is taken for a cycle (the generic codec writes trees, not graphs). */
export const MAX_DEPTH = 256;

type AnyClass = abstract new (...args: never[]) => object;

const namesByPrototype = new Map<object, string>();
const classesByName = new Map<string, AnyClass>();

/**
 * Lets the generic codec carry instances of `cls` across an exchange with their prototype (own enumerable fields
 * are written; the constructor is not called on decode). Call it at the top level of the job module so that every
 * worker registers the same classes; `name` must be unique and defaults to the class name.
 */
export function registerType(cls: AnyClass, name: string = cls.name): void {
  if (typeof cls !== 'function' || typeof cls.prototype !== 'object') {
    throw new TypeError(`registerType expects a class, got ${describeValue(cls)}`);
  }
  if (!name) throw new TypeError('registerType: this class has no name; pass one: registerType(MyClass, "MyClass")');
  const existing = classesByName.get(name);
  if (existing !== undefined && existing !== cls) {
    throw new TypeError(`registerType: another class is already registered as "${name}"; pass a distinct name`);
  }
  const previous = namesByPrototype.get(cls.prototype);
  if (previous !== undefined && previous !== name) {
    throw new TypeError(`registerType: ${cls.name} is already registered as "${previous}"`);
  }
  namesByPrototype.set(cls.prototype, name);
  classesByName.set(name, cls);
}

/** The registered name of instances with this prototype, if any. */
export function registeredName(prototype: object): string | undefined {
  return namesByPrototype.get(prototype);
}

/** The prototype to give decoded instances of a registered name; throws a how-to-fix error when unknown. */
export function registeredPrototype(name: string): object {
  const cls = classesByName.get(name);
  if (cls === undefined) {
    throw new TypeError(
      `Cannot decode an instance of class "${name}": it is not registered in this worker. ` +
        `Call registerType(${name}) at the top level of the job module so every worker runs it`,
    );
  }
  return cls.prototype as object;
}

function unsupportedReason(value: unknown): string | undefined {
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'}) cannot be encoded; send data only`;
  if (typeof value === 'symbol') return `a symbol (${String(value)}) cannot be encoded`;
  if (typeof value !== 'object' || value === null) return undefined;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype || Array.isArray(value) || namesByPrototype.has(proto)) return;
  if (value instanceof Map || value instanceof Set || value instanceof Date || value instanceof Uint8Array) return;
  const name = (proto as { constructor?: { name?: string } }).constructor?.name || '(anonymous class)';
  return (
    `${describeValue(value)} cannot be encoded: its class is not registered, so its prototype would be lost. ` +
    `Call registerType(${name}) at the top level of the job module, or declare the type with Types.POJO(${name}, {...})`
  );
}

function childrenOf(value: object): Array<[string, unknown]> {
  if (value instanceof Set) return [...value].map((v, i): [string, unknown] => [`[${i}]`, v]);
  if (Array.isArray(value)) return value.map((v, i): [string, unknown] => [`[${i}]`, v]);
  return Object.entries(value).map(([k, v]): [string, unknown] => [`.${k}`, v]);
}

/** Finds the first part of `value` the generic codec cannot encode (slow; runs only after an encode failed). */
export function locateUnsupported(value: unknown, path = '$', depth = 0): { path: string; reason: string } | undefined {
  if (depth > MAX_DEPTH) return { path, reason: `nesting deeper than ${MAX_DEPTH} levels (is there a cycle?)` };
  const reason = unsupportedReason(value);
  if (reason !== undefined) return { path, reason };
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const found =
        locateUnsupported(k, `${path}{key}`, depth + 1) ?? locateUnsupported(v, `${path}{${String(k)}}`, depth + 1);
      if (found) return found;
    }
    return;
  }
  for (const [step, v] of childrenOf(value)) {
    const found = locateUnsupported(v, path + step, depth + 1);
    if (found) return found;
  }
  return undefined;
}
