// The limits every bytecode program keeps: parties, register sizes, fixed point, loops, nesting,
// the masked division's range, names. The compiler refuses a program past one, the VM a file past one.

/** Parties a program runs with (clients do not count). */
export const MIN_PARTIES = 2;
export const MAX_PARTIES = 10;

/** Elements of one register, so of any vector, input or output: 2^28 (2 GiB of shares in the 64-bit ring). */
export const MAX_REGISTER_LENGTH = 1 << 28;

/** Bit positions per element of a bit-sliced register (the compiler's batching stays within it). */
export const MAX_WIDTH = 4096;

/** Fractional bits of sfix. */
export const MAX_FRAC_BITS = 40;

/** Iterations of a while loop on a revealed value (`mpcc compile --max-iterations`). */
export const MAX_LOOP_ITERATIONS = 1_000_000;

/** A LOOP's bound: the iterations allowed and one more, in which the condition is found false. */
export const MAX_LOOP_BOUND = MAX_LOOP_ITERATIONS + 1;

/**
 * IF and LOOP blocks (if and while on revealed values) nest at most this deep, and so do indented
 * blocks in a source file (as in CPython): the tools that walk them recurse once per level.
 */
export const MAX_NESTING = 100;

/**
 * A secret division masks its input below 2^(k−3) in the k-bit ring (vm/protocol/divide.ts), so
 * its input and its public divisor lie below that bound, and the compiler keeps fixed-point
 * products there before their truncation.
 */
export const DIVISION_MARGIN_BITS = 3;

/** 2^(k−3): the bound on a division's input and divisor in the k-bit ring. */
export function divisionRange(ringBits: number): bigint {
  return 1n << BigInt(ringBits - DIVISION_MARGIN_BITS);
}

/** Clients of one program (data owners that run no party), each named in the parties' handshake. */
export const MAX_CLIENTS = 64;

/** A client's name: safe in messages, logs and file names (at most 64 characters). */
export const CLIENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
