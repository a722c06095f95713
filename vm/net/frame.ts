// The wire format of one round message: a 16-byte header (round, sender, payload length and a
// reserved zero, little-endian u32s) and the payload, which thereby stays 8-byte aligned.

export const FRAME_HEADER = 16;

/**
 * The frame for a payload. A payload built with header room before it (see Outbox) is framed in
 * place, without copying; any other payload is copied behind a fresh header.
 */
export function encodeFrame(round: number, sender: number, payload: Uint8Array): Uint8Array {
  const inPlace = payload.byteOffset >= FRAME_HEADER;
  const frame = inPlace
    ? new Uint8Array(payload.buffer, payload.byteOffset - FRAME_HEADER, payload.byteLength + FRAME_HEADER)
    : new Uint8Array(FRAME_HEADER + payload.byteLength);
  const view = new DataView(frame.buffer, frame.byteOffset, FRAME_HEADER);
  view.setUint32(0, round, true);
  view.setUint32(4, sender, true);
  view.setUint32(8, payload.byteLength, true);
  view.setUint32(12, 0, true);
  if (!inPlace) frame.set(payload, FRAME_HEADER);
  return frame;
}

export interface Frame {
  readonly round: number;
  readonly sender: number;
  readonly payload: Uint8Array;
}

/** Decodes a frame, or returns a reason it is malformed. */
export function decodeFrame(data: Uint8Array): Frame | string {
  if (data.byteLength < FRAME_HEADER) return `a message of ${data.byteLength} bytes is shorter than its header`;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = view.getUint32(8, true);
  if (length !== data.byteLength - FRAME_HEADER) return `a message says it carries ${length} bytes but carries ${data.byteLength - FRAME_HEADER}`;
  return { round: view.getUint32(0, true), sender: view.getUint32(4, true), payload: data.subarray(FRAME_HEADER) };
}
