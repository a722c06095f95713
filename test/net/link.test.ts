import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { Dialer } from "../../vm/net/dial.js";
import type { Link } from "../../vm/net/link.js";
import { acceptUpgrade, requestUpgrade } from "../../vm/net/ws-handshake.js";

// Our WebSocket code against the `ws` library on the other end, both ways, over loopback.

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dialWs(port: number, maxPayload = 1 << 20): Promise<Link> {
  return new Promise((resolve, reject) => requestUpgrade("127.0.0.1", port, null, 2000, maxPayload, { upgraded: (link) => resolve(link), failed: reject }));
}

async function wsServer(): Promise<{ port: number; peer: Promise<WebSocket> }> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  cleanups.push(() => wss.close());
  await new Promise((r) => wss.once("listening", r));
  const peer = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  return { port: (wss.address() as AddressInfo).port, peer };
}

const nextMessage = (link: Link) => new Promise<[Buffer, boolean]>((resolve) => link.once("message", (d: Buffer, b: boolean) => resolve([d, b])));

describe("a link dialed to a ws server", () => {
  it("exchanges binary and text messages of every length class, and answers pings", async () => {
    const { port, peer } = await wsServer();
    const link = await dialWs(port);
    cleanups.push(() => link.terminate());
    const server = await peer;
    server.on("message", (data, isBinary) => server.send(data as Buffer, { binary: isBinary }));
    for (const size of [0, 125, 126, 65535, 65536, 200_000]) {
      const payload = Buffer.alloc(size, size % 251);
      link.send(payload);
      const [echo, binary] = await nextMessage(link);
      expect([binary, echo.equals(payload)]).toEqual([true, true]);
    }
    link.sendText("hello");
    const [text, binary] = await nextMessage(link);
    expect([binary, text.toString()]).toEqual([false, "hello"]);
    const pong = new Promise<Buffer>((resolve) => server.once("pong", resolve));
    server.ping("are you there");
    expect((await pong).toString()).toBe("are you there");
  });

  it("closes with the closing handshake, from either side", async () => {
    for (const closer of ["link", "server"] as const) {
      const { port, peer } = await wsServer();
      const link = await dialWs(port);
      const server = await peer;
      const closed = [new Promise((r) => link.once("close", r)), new Promise((r) => server.once("close", (code) => r(code)))];
      if (closer === "link") link.close();
      else server.close(1000);
      const [, code] = await Promise.all(closed);
      expect(code).toBe(1000);
      expect(link.isClosed).toBe(true);
    }
  });

  it("fails, naming the reason, when the server sends more than allowed", async () => {
    const { port, peer } = await wsServer();
    const link = await dialWs(port, 1000);
    const server = await peer;
    const failed = new Promise<Error & { tooLarge: boolean }>((resolve) => link.once("error", resolve));
    const serverSaw = new Promise((resolve) => server.once("close", (code) => resolve(code)));
    server.send(Buffer.alloc(5000));
    const error = await failed;
    expect([error.message, error.tooLarge]).toEqual(["a message is longer than the 1000 bytes allowed", true]);
    expect(await serverSaw).toBe(1009);
  });

  it("is refused with a reason when the other end is not a WebSocket server", async () => {
    const http = createServer((_req, res) => res.end("a web page"));
    cleanups.push(() => http.close());
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const error = await dialWs((http.address() as AddressInfo).port).catch((e: NodeJS.ErrnoException) => e);
    expect((error as NodeJS.ErrnoException).message).toBe("it answered HTTP 200 instead of a WebSocket upgrade");
  });
});

describe("the dialer", () => {
  it("says what answered instead of a party: a web server, or nothing at the port", async () => {
    const http = createServer((_req, res) => res.end("a web page"));
    cleanups.push(() => http.close());
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const addresses = [
      { host: "127.0.0.1", port: (http.address() as AddressInfo).port },
      { host: "127.0.0.1", port: closedPort },
    ];
    const failures: Error[] = [];
    const dialer = new Dialer({
      addresses,
      tls: null,
      hello: "{}",
      frameLimit: 4096,
      describe: (p) => `party ${p}`,
      onLinked: () => {},
      onFailed: (e) => failures.push(e),
    });
    cleanups.push(() => dialer.stop());
    dialer.dial(0, Date.now() + 5000);
    dialer.dial(1, Date.now() + 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect([dialer.lastProblem(0), failures]).toEqual(["it answered with something other than WebSocket", []]);
    expect(dialer.lastProblem(1)).toBe("nothing is listening there yet");
  });
});

describe("a link accepted from a ws client", () => {
  it("exchanges messages, and refuses a malformed upgrade with 400", async () => {
    const http = createServer();
    const links: Link[] = [];
    http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const link = acceptUpgrade(req, socket, head, 1 << 20);
      if (link === null) return;
      links.push(link);
      link.on("message", (d: Buffer, binary: boolean) => (binary ? link.send(d) : link.sendText(d.toString())));
    });
    cleanups.push(() => http.close());
    cleanups.push(() => links.forEach((l) => l.terminate()));
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const port = (http.address() as AddressInfo).port;
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    cleanups.push(() => client.terminate());
    await new Promise((r) => client.once("open", r));
    const echoed = new Promise<Buffer>((resolve) => client.once("message", (d) => resolve(d as Buffer)));
    client.send(Buffer.alloc(70_000, 3));
    expect((await echoed).equals(Buffer.alloc(70_000, 3))).toBe(true);

    const bad = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, protocolVersion: 8 });
    bad.on("error", () => {}); // terminating before the upgrade is an error to ws
    const status = await new Promise<number>((resolve) => bad.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    bad.terminate();
    expect(status).toBe(400);
  });
});
