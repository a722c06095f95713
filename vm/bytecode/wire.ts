// Defensive readers for decoded msgpack data: each checks one field's type and names the field
// when it is wrong, so a damaged or hostile file ends in a BytecodeError, never a crash.

import { BytecodeError } from "./errors.js";

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function field(record: Record<string, unknown>, name: string): unknown {
  if (!(name in record)) throw new BytecodeError(`the field '${name}' is missing`);
  return record[name];
}

export function nonNegativeInt(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new BytecodeError(`${where} is not a non-negative integer`);
  return v;
}

export function string(v: unknown, where: string): string {
  if (typeof v !== "string") throw new BytecodeError(`${where} is not a string`);
  return v;
}

export function oneOf<T extends string>(v: unknown, options: readonly T[], where: string): T {
  if (typeof v !== "string" || !options.includes(v as T)) throw new BytecodeError(`${where} must be one of ${options.join(", ")}`);
  return v as T;
}

export function listOf<T>(v: unknown, where: string, read: (item: unknown, where: string) => T): T[] {
  if (!Array.isArray(v)) throw new BytecodeError(`${where} is not a list`);
  return v.map((item, i) => read(item, `${where}[${i}]`));
}

type TypedArrayClass<T> = { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/** Copies bytes into a fresh, aligned typed array (a view into a decoded buffer may be misaligned). */
export function typedFrom<T>(v: unknown, kind: TypedArrayClass<T>, where: string): T {
  if (!(v instanceof Uint8Array)) throw new BytecodeError(`${where} is not binary data`);
  if (v.byteLength % kind.BYTES_PER_ELEMENT !== 0) throw new BytecodeError(`${where} has a partial element`);
  const buffer = new ArrayBuffer(v.byteLength);
  new Uint8Array(buffer).set(v);
  return new kind(buffer);
}

export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
