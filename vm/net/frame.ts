// The wire format of one round message: a 12-byte header (round, sender, payload length, all
// little-endian u32) and the payload. The receiver checks all three against the connection.

export const FRAME_HEADER = 12;

export function encodeFrame(round: number, sender: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, round, true);
  view.setUint32(4, sender, true);
  view.setUint32(8, payload.byteLength, true);
  frame.set(payload, FRAME_HEADER);
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
