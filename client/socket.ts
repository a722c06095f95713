// One connection to a party as a queue of messages, over a WebSocket (the browser's, or ws's in
// Node: both have the same event interface). next() waits for the next message or fails.

import { unreachableBecause } from "../vm/net/unreachable.js";
import { ClientError } from "./errors.js";

/** The part of the WebSocket interface the client uses; the browser's WebSocket and ws's both have it. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: { data?: unknown; message?: string; error?: unknown }) => void): void;
}

export type Message = string | Uint8Array;

export class ClientSocket {
  private readonly queue: Message[] = [];
  private waiter: { resolve(m: Message): void; reject(e: Error): void } | null = null;
  private ended: Error | null = null;
  /** Resolves when the connection is open; fails if it cannot be made. */
  readonly opened: Promise<void>;

  constructor(
    private readonly ws: WebSocketLike,
    private readonly describe: string,
    problem: () => string | null = () => null,
  ) {
    ws.binaryType = "arraybuffer";
    this.opened = new Promise((resolve, reject) => {
      ws.addEventListener("open", () => resolve());
      ws.addEventListener("error", (event) => {
        const why = problem() ?? describeError(event);
        this.end(new ClientError(`${describe}: ${why}`, "network"));
        reject(this.ended);
      });
      ws.addEventListener("close", () => {
        this.end(new ClientError(`${describe} closed the connection`, "network"));
        reject(this.ended);
      });
    });
    this.opened.catch(() => undefined);
    ws.addEventListener("message", (event) => this.push(typeof event.data === "string" ? event.data : new Uint8Array(event.data as ArrayBuffer)));
  }

  send(data: Message): void {
    this.ws.send(data);
  }

  /** The next message; fails when the connection ends first, or after `timeoutMs`. */
  next(timeoutMs: number, waitingFor: string): Promise<Message> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiter = null;
          reject(
            new ClientError(`${this.describe} sent nothing within ${Math.round(timeoutMs / 1000)} s while this client waited for ${waitingFor}`, "network"),
          );
        },
        Math.max(0, timeoutMs),
      );
      this.waiter = {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
    });
  }

  close(): void {
    this.end(new ClientError(`the connection to ${this.describe} is closed`, "network"));
    this.ws.close();
  }

  private push(m: Message): void {
    if (this.waiter === null) return void this.queue.push(m);
    const w = this.waiter;
    this.waiter = null;
    w.resolve(m);
  }

  private end(e: ClientError): void {
    if (this.ended) return;
    this.ended = e;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(e);
  }
}

/** ws passes Node's error (ECONNREFUSED…); a browser says nothing of why. */
function describeError(event: { message?: string; error?: unknown }): string {
  const unreachable = unreachableBecause((event.error as { code?: string } | undefined)?.code);
  if (unreachable !== null) return unreachable;
  return event.message ? `the connection failed (${event.message})` : "the connection failed";
}
