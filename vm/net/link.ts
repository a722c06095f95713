// One WebSocket connection between two parties, on a socket whose HTTP upgrade is done: messages
// out and in, pings answered, the closing handshake, and a clear error when the peer breaks a rule.

import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { CLOSE_CODE, FrameReader, OPCODE, WireError, wireFrame } from "./ws-wire.js";

/** Why a link failed: the peer's message was too long for this program, or anything else. */
export class LinkError extends Error {
  constructor(
    message: string,
    readonly tooLarge: boolean,
  ) {
    super(message);
  }
}

/**
 * Events: "message" (data: Buffer, isBinary: boolean), "close" (the socket is gone, for whatever
 * reason), "error" (LinkError; the socket is then destroyed, and "close" follows).
 */
export class Link extends EventEmitter {
  private readonly reader: FrameReader;
  private state: "open" | "closing" | "closed" = "open";
  private closeSent = false;

  constructor(
    private readonly socket: Duplex,
    private readonly role: "client" | "server",
    head: Buffer,
    maxPayload: number,
  ) {
    super();
    this.reader = new FrameReader(role === "server", maxPayload);
    (socket as Duplex & { setNoDelay?(on: boolean): void }).setNoDelay?.(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("end", () => socket.end());
    socket.on("error", (e: Error) => this.fail(new LinkError(`the connection failed (${e.message})`, false)));
    socket.on("close", () => {
      this.state = "closed";
      this.emit("close");
    });
    if (head.length > 0) queueMicrotask(() => this.receive(head));
  }

  get isOpen(): boolean {
    return this.state === "open";
  }

  get isClosed(): boolean {
    return this.state === "closed";
  }

  /** The longest message the peer may send; longer ones fail the link before they are buffered. */
  set maxPayload(bytes: number) {
    this.reader.maxPayload = bytes;
  }

  send(data: Uint8Array): void {
    this.write(OPCODE.binary, data);
  }

  /** A text message (the handshake's JSON); `written` runs once it is handed to the socket. */
  sendText(text: string, written?: () => void): void {
    this.write(OPCODE.text, Buffer.from(text), written);
  }

  /** Starts the closing handshake; "close" follows once the peer has answered and the socket ended. */
  close(): void {
    if (this.state !== "open") return;
    this.state = "closing";
    this.sendClose(CLOSE_CODE.normal);
  }

  /** Drops the connection at once. */
  terminate(): void {
    this.socket.destroy();
  }

  private write(opcode: number, data: Uint8Array, written?: () => void): void {
    if (this.state !== "open" || this.socket.destroyed) return;
    const pieces = wireFrame(opcode, data, this.role === "client");
    if (pieces.length === 1) {
      this.socket.write(pieces[0]!, written);
      return;
    }
    this.socket.cork();
    for (let i = 0; i < pieces.length; i++) this.socket.write(pieces[i]!, i === pieces.length - 1 ? written : undefined);
    this.socket.uncork();
  }

  private sendClose(code: number): void {
    if (this.closeSent || this.socket.destroyed) return;
    this.closeSent = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code, 0);
    const [frame] = wireFrame(OPCODE.close, body, this.role === "client");
    this.socket.write(frame!);
  }

  private receive(chunk: Buffer): void {
    if (this.socket.destroyed) return;
    let messages: ReturnType<typeof this.reader.push>;
    try {
      messages = this.reader.push(chunk);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.sendClose(e.code);
      return this.fail(new LinkError(e.message, e.code === CLOSE_CODE.tooBig));
    }
    for (const m of messages) {
      if (this.socket.destroyed) return;
      if (m.opcode === OPCODE.binary || m.opcode === OPCODE.text) {
        if (this.state === "open") this.emit("message", m.payload, m.opcode === OPCODE.binary);
      } else if (m.opcode === OPCODE.ping) {
        this.write(OPCODE.pong, m.payload);
      } else if (m.opcode === OPCODE.close) {
        // Answer once, then end: the server ends the TCP connection first (RFC 6455 §7.1.1).
        this.state = "closing";
        this.sendClose(CLOSE_CODE.normal);
        this.socket.end();
      }
    }
  }

  private fail(error: LinkError): void {
    if (this.state !== "closed" && this.listenerCount("error") > 0) this.emit("error", error);
    this.socket.destroy();
  }
}
