/**
 * Typed reads of a parsed YAML/JSON object with the field path in every error, so bad input
 * is reported as `document 2 (Service default/web): spec.ports[0].port: ...`.
 */

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where a value sits: the document label and the dotted path inside it. */
export class FieldPath {
  readonly doc: string;
  readonly path: string;

  constructor(doc: string, path: string) {
    this.doc = doc;
    this.path = path;
  }

  child(key: string | number): FieldPath {
    if (typeof key === 'number') return new FieldPath(this.doc, `${this.path}[${key}]`);
    return new FieldPath(this.doc, this.path === '' ? key : `${this.path}.${key}`);
  }

  fail(problem: string): never {
    throw new ManifestError(`${this.doc}: ${this.path === '' ? '' : `${this.path}: `}${problem}`);
  }
}

/** `v`, or a "Required value" error at `at` when it is undefined. */
export function required<T>(v: T | undefined, at: FieldPath, problem = 'Required value'): T {
  if (v === undefined) return at.fail(problem);
  return v;
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function objectAt(v: Json | undefined, at: FieldPath): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) at.fail('must be a mapping');
  return v;
}

export function arrayAt(v: Json | undefined, at: FieldPath): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) at.fail('must be a list');
  return v;
}

export function stringAt(v: Json | undefined, at: FieldPath): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') at.fail(`must be a string, not ${JSON.stringify(v)}`);
  return v;
}

export function boolAt(v: Json | undefined, at: FieldPath): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') at.fail(`must be true or false, not ${JSON.stringify(v)}`);
  return v;
}

/** An integer in [min, max]; undefined when absent or null. */
export function intAt(
  v: Json | undefined,
  at: FieldPath,
  min: number,
  max: number,
): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    at.fail(`must be an integer, not ${JSON.stringify(v)}`);
  if (v < min || v > max) at.fail(`must be between ${min} and ${max}, inclusive (got ${v})`);
  return v;
}

/** One of `allowed`, or `fallback` when absent. */
export function enumAt<T extends string>(
  v: Json | undefined,
  at: FieldPath,
  allowed: readonly T[],
  fallback: T,
): T {
  const s = stringAt(v, at);
  if (s === undefined || s === '') return fallback;
  if (!(allowed as readonly string[]).includes(s)) {
    at.fail(`unsupported value "${s}" (supported: ${allowed.map((a) => `"${a}"`).join(', ')})`);
  }
  return s as T;
}

/** DNS-1123 label (namespaces, port names) / subdomain (object names), as the API validates. */
export function checkName(value: string, at: FieldPath, kind: 'label' | 'subdomain'): void {
  const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  const ok =
    kind === 'label'
      ? value.length <= 63 && label.test(value)
      : value.length <= 253 && value.split('.').every((part) => label.test(part));
  if (!ok) at.fail(`invalid name "${value}": must be a lowercase RFC 1123 ${kind}`);
}
