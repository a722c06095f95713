// RFC 6455 frames as the party mesh writes and reads them: one buffer (or a header and the payload)
// out per message, and a reader that checks every rule a peer could break before buffering.

import { randomFillSync } from "node:crypto";
import { createRequire } from "node:module";

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

const KNOWN_OPCODES: ReadonlySet<number> = new Set(Object.values(OPCODE));

/** Close codes (RFC 6455 §7.4.1) the reader gives with its refusals. */
export const CLOSE_CODE = { normal: 1000, protocolError: 1002, tooBig: 1009 } as const;

/**
 * Payloads shorter than this are masked by a JavaScript loop; longer ones by `bufferutil`. The
 * loop wins only once optimised, which the per-round code seldom is (vm/machine/tiering.ts):
 * unoptimised, masking or unmasking a 48-byte frame by loop took about 1.7 µs more than natively.
 */
const NATIVE_MASK_BYTES = 8;

interface Masking {
  mask(source: Uint8Array, mask: Uint8Array, output: Uint8Array, offset: number, length: number): void;
  unmask(buffer: Uint8Array, mask: Uint8Array): void;
}
// `bufferutil` (installed with ws) is CommonJS with no types of its own.
const native = createRequire(import.meta.url)("bufferutil") as Masking;

/**
 * Masking keys for a client's frames must be unpredictable (RFC 6455 §5.3): they come from the
 * CSPRNG, a pool at a time, rather than one call per frame.
 */
const maskPool = Buffer.alloc(4096);
let maskAt = maskPool.length;

function writeMask(frame: Buffer, at: number): void {
  if (maskAt === maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  maskPool.copy(frame, at, maskAt, maskAt + 4);
  maskAt += 4;
}

/**
 * A whole message as one final frame. Unmasked (a server's), a large payload is not copied: the
 * header and the payload are returned apart, to be written together. Masked (a client's), it is
 * masked into the frame, never in place: one payload may go to several peers.
 */
export function wireFrame(opcode: number, payload: Uint8Array, masked: boolean): Uint8Array[] {
  const n = payload.byteLength;
  const lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const headerBytes = 2 + lengthBytes + (masked ? 4 : 0);
  const inOne = masked || n < 16384;
  const frame = Buffer.allocUnsafe(headerBytes + (inOne ? n : 0));
  frame[0] = 0x80 | opcode;
  frame[1] = (masked ? 0x80 : 0) | (lengthBytes === 0 ? n : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) frame.writeUInt16BE(n, 2);
  if (lengthBytes === 8) {
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  if (!masked) {
    if (!inOne) return [frame, payload];
    frame.set(payload, headerBytes);
    return [frame];
  }
  const key = headerBytes - 4;
  writeMask(frame, key);
  if (n >= NATIVE_MASK_BYTES) native.mask(payload, frame.subarray(key, headerBytes), frame, headerBytes, n);
  else for (let i = 0; i < n; i++) frame[headerBytes + i] = payload[i]! ^ frame[key + (i & 3)]!;
  return [frame];
}

export interface Message {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** A peer broke the protocol; `code` is what the close frame tells it. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Header {
  readonly fin: boolean;
  readonly opcode: number;
  readonly length: number;
  readonly mask: Buffer | null;
}

/**
 * Frames in, messages out: fragments are joined, control frames come out as they arrive. A
 * server's reader requires masked frames, a client's unmasked ones (RFC 6455 §5.1). A frame or
 * message longer than `maxPayload` is refused from its header, before its payload is buffered.
 */
export class FrameReader {
  private parts: Buffer[] = [];
  private buffered = 0;
  private header: Header | null = null;
  private fragments: Buffer[] = [];
  private fragmentsBytes = 0;
  private fragmentedOpcode = -1;

  constructor(
    private readonly expectMasked: boolean,
    public maxPayload: number,
  ) {}

  /** Takes the next bytes off the socket; returns the messages they complete. Throws WireError. */
  push(chunk: Buffer): Message[] {
    if (this.buffered === 0 && this.header === null) {
      const whole = this.wholeFrame(chunk);
      if (whole !== null) return whole;
    }
    this.parts.push(chunk);
    this.buffered += chunk.length;
    const out: Message[] = [];
    for (;;) {
      if (this.header === null) {
        this.header = this.readHeader();
        if (this.header === null) break;
      }
      if (this.buffered < this.header.length) break;
      const payload = this.take(this.header.length);
      if (this.header.mask !== null) unmask(payload, this.header.mask);
      const message = this.assemble(this.header, payload);
      this.header = null;
      if (message !== null) out.push(message);
    }
    return out;
  }

  /**
   * The common case of a round, read without buffering: a chunk that is exactly one frame. Null
   * for anything else (part of a frame, several), which the general path reads.
   */
  private wholeFrame(chunk: Buffer): Message[] | null {
    const parsed = this.parseHeader(chunk);
    if (parsed === null || parsed.size + parsed.header.length !== chunk.length) return null;
    const payload = chunk.subarray(parsed.size);
    if (parsed.header.mask !== null) unmask(payload, parsed.header.mask);
    const message = this.assemble(parsed.header, payload);
    return message === null ? [] : [message];
  }

  private readHeader(): Header | null {
    if (this.buffered < 2) return null;
    const parsed = this.parseHeader(this.contiguous(Math.min(this.buffered, 14)));
    if (parsed === null) return null;
    this.take(parsed.size);
    return parsed.header;
  }

  /** The frame header at the start of `start`, checked, and its size; null if `start` is too short for it. */
  private parseHeader(start: Buffer): { header: Header; size: number } | null {
    if (start.length < 2) return null;
    const b0 = start[0]!;
    const b1 = start[1]!;
    const short = b1 & 0x7f;
    const masked = (b1 & 0x80) !== 0;
    const size = 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (masked ? 4 : 0);
    if (start.length < size) return null;
    const opcode = b0 & 0x0f;
    const fin = (b0 & 0x80) !== 0;
    if ((b0 & 0x70) !== 0) throw new WireError("a frame has reserved bits set (no extension was agreed)", CLOSE_CODE.protocolError);
    if (!KNOWN_OPCODES.has(opcode)) throw new WireError(`a frame has the unknown opcode ${opcode}`, CLOSE_CODE.protocolError);
    if (masked !== this.expectMasked)
      throw new WireError(this.expectMasked ? "a frame from the client is not masked" : "a frame from the server is masked", CLOSE_CODE.protocolError);
    let length = short;
    if (short === 126) length = start.readUInt16BE(2);
    if (short === 127) {
      const high = start.readUInt32BE(2);
      if (high > 0x1fffff) throw new WireError("a frame declares a length beyond 2^53", CLOSE_CODE.protocolError);
      length = high * 2 ** 32 + start.readUInt32BE(6);
    }
    if (opcode >= OPCODE.close && (!fin || length > 125))
      throw new WireError("a control frame is fragmented or longer than 125 bytes", CLOSE_CODE.protocolError);
    if (opcode < OPCODE.close && this.fragmentsBytes + length > this.maxPayload) {
      throw new WireError(`a message is longer than the ${this.maxPayload} bytes allowed`, CLOSE_CODE.tooBig);
    }
    // A view: the header's bytes are not written to again (only payloads are unmasked in place).
    const mask = masked ? start.subarray(size - 4, size) : null;
    return { header: { fin, opcode, length, mask }, size };
  }

  /** A data frame joins its message; a whole message (or a control frame) is returned. */
  private assemble(h: Header, payload: Buffer): Message | null {
    if (h.opcode >= OPCODE.close) return { opcode: h.opcode, payload };
    const continuing = this.fragmentedOpcode !== -1;
    if (h.opcode === OPCODE.continuation && !continuing) throw new WireError("a continuation frame starts no message", CLOSE_CODE.protocolError);
    if (h.opcode !== OPCODE.continuation && continuing) throw new WireError("a new message starts inside a fragmented one", CLOSE_CODE.protocolError);
    if (h.fin && !continuing) return { opcode: h.opcode, payload };
    if (!continuing) this.fragmentedOpcode = h.opcode;
    this.fragments.push(payload);
    this.fragmentsBytes += payload.length;
    if (!h.fin) return null;
    const message = { opcode: this.fragmentedOpcode, payload: Buffer.concat(this.fragments, this.fragmentsBytes) };
    this.fragments = [];
    this.fragmentsBytes = 0;
    this.fragmentedOpcode = -1;
    return message;
  }

  /** The first `n` buffered bytes (n ≤ buffered) as one buffer, joining the first parts if needed. */
  private contiguous(n: number): Buffer {
    if (this.parts[0]!.length >= n) return this.parts[0]!;
    let joined = 0;
    let count = 0;
    while (joined < n) joined += this.parts[count++]!.length;
    this.parts.splice(0, count, Buffer.concat(this.parts.slice(0, count), joined));
    return this.parts[0]!;
  }

  /** Removes and returns the first `n` buffered bytes: a view when they lie in one part. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.parts[0];
    if (n === 0) return Buffer.alloc(0);
    if (first!.length > n) {
      this.parts[0] = first!.subarray(n);
      return first!.subarray(0, n);
    }
    if (first!.length === n) {
      this.parts.shift();
      return first!;
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const part = this.parts[0]!;
      const used = Math.min(part.length, n - at);
      part.copy(out, at, 0, used);
      at += used;
      if (used === part.length) this.parts.shift();
      else this.parts[0] = part.subarray(used);
    }
    return out;
  }
}

function unmask(payload: Buffer, mask: Buffer): void {
  if (payload.length >= NATIVE_MASK_BYTES) return native.unmask(payload, mask);
  for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
}
