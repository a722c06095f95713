// `npm run demo:browser`: the browser example on this machine. Three parties (in this process, on
// 127.0.0.1, plain ws://) wait for two clients; company_a submits from Node, company_b from the page
// in a browser; the analyst then fetches the average. `-- --headless` lets Chromium do the clicking.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { fetchOutputs, submitInputs } from "../client/index.js";
import { compileSource } from "../compiler/compile.js";
import { decodeProgram } from "../vm/bytecode/codec.js";
import { ringOf } from "../vm/domain/ring.js";
import type { PartyResult } from "../vm/machine/party.js";
import { clientKeysFor } from "../vm/net/client-config.js";
import { ClientDesk } from "../vm/net/client-desk.js";
import { makeClientKey } from "../vm/net/client-keys.js";
import { readPartiesConfig } from "../vm/net/config.js";
import { deal } from "../vm/preprocessing/dealer.js";
import { Material } from "../vm/preprocessing/material.js";
import { newDealId } from "../vm/preprocessing/store.js";
import { runOverNetwork } from "../vm/session.js";
import { bundleClient, projectRoot } from "./bundle-client.js";

export const CHROMIUM = "/usr/bin/chromium";

export interface BrowserDemo {
  /** The page, served with the program, parties.json and its config.json. */
  readonly url: string;
  readonly dir: string;
  readonly bytecode: string;
  readonly partiesPath: string;
  readonly parties: ReadonlyArray<Promise<PartyResult>>;
  keyPath(client: string): string;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Ports to use: the page first, then 3 party ports, then 3 client ports (default: free ones, the page on 8080). */
  readonly ports?: readonly number[];
  readonly clientTimeoutMs?: number;
}

const CLIENTS = ["company_a", "company_b", "analyst"];

/** Compiles examples/clients/average_salary.mpc, makes keys, starts the parties and serves the page. */
export async function startBrowserDemo(o: DemoOptions = {}): Promise<BrowserDemo> {
  const root = projectRoot();
  await bundleClient();
  const dir = mkdtempSync(join(tmpdir(), "mpc-browser-demo-"));
  const source = readFileSync(join(root, "examples", "clients", "average_salary.mpc"), "utf8");
  const compiled = compileSource("average_salary.mpc", source, { parties: 3 });
  if (compiled.output === null) throw new Error("examples/clients/average_salary.mpc does not compile");
  const bytecode = join(dir, "average_salary.bc");
  writeFileSync(bytecode, compiled.output.bytes);
  const loaded = decodeProgram(compiled.output.bytes);
  const ports = o.ports ?? [8080, 0, 0, 0, 0, 0, 0];
  const page = await serve(join(root, "examples", "browser-client"), dir, ports[0]!);
  const partyPorts = ports.slice(1).some((p) => p === 0) ? await freeLoopbackPorts(6) : ports.slice(1);
  const clients = CLIENTS.map((name) => {
    const key = makeClientKey();
    writeFileSync(join(dir, `${name}.key`), key.privatePem, { mode: 0o600 });
    return { name, publicKey: key.publicKey };
  });
  const parties = [0, 1, 2].map((p) => ({ host: "127.0.0.1", port: partyPorts[p]!, clientPort: partyPorts[3 + p]!, name: `org ${p}` }));
  const partiesPath = join(dir, "parties.json");
  writeFileSync(partiesPath, JSON.stringify({ parties, clients }, null, 2));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ program: "average_salary.bc", parties: "parties.json", client: "company_b" }));
  const config = readPartiesConfig(partiesPath);
  const ring = ringOf(loaded.program.domain);
  const materials = deal(ring, loaded.program.preprocessing, 3);
  const dealId = newDealId();
  const keys = clientKeysFor(loaded.program, config);
  const stop = new AbortController();
  const desks = await Promise.all(
    [0, 1, 2].map((party) => ClientDesk.start({ party, loaded, host: "127.0.0.1", port: parties[party]!.clientPort, tls: null, keys })),
  );
  const runs = desks.map((desk, party) =>
    runOverNetwork({
      loaded,
      party,
      addresses: config.parties,
      inputs: new Map(),
      material: new Material(ring, materials[party]!.items),
      dealId,
      clients: desk,
      network: { connectTimeoutMs: 10_000, roundTimeoutMs: 10_000, clientTimeoutMs: o.clientTimeoutMs ?? 600_000, fetchTimeoutMs: 60_000, signal: stop.signal },
    }),
  );
  for (const r of runs) r.catch(() => undefined);
  return {
    url: `http://127.0.0.1:${(page.address() as { port: number }).port}/`,
    dir,
    bytecode,
    partiesPath,
    parties: runs,
    keyPath: (client) => join(dir, `${client}.key`),
    close: async () => {
      stop.abort(new Error("the demo was closed"));
      await new Promise((resolve) => page.close(resolve));
      page.closeAllConnections();
      await Promise.allSettled(runs);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".bc": "application/octet-stream" };

/** The page's files from `pageDir`, the program, parties.json and config.json from `dataDir`; nothing else. */
function serve(pageDir: string, dataDir: string, port: number): Promise<Server> {
  const files: Record<string, string> = {
    "/": join(pageDir, "index.html"),
    "/page.js": join(pageDir, "page.js"),
    "/mpc-client.js": join(pageDir, "mpc-client.js"),
    "/config.json": join(dataDir, "config.json"),
    "/parties.json": join(dataDir, "parties.json"),
    "/average_salary.bc": join(dataDir, "average_salary.bc"),
  };
  const server = createServer((req, res) => {
    const path = files[(req.url ?? "/").split("?")[0]!];
    if (path === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(path) || ".html"] ?? "application/octet-stream", "cache-control": "no-store" }).end(readFileSync(path));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve) => {
          const s = createServer();
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Opens the page in headless Chromium, chooses the key and the CSV, submits, and returns the status line. */
export async function submitFromChromium(url: string, key: string, csv: string, executablePath = CHROMIUM, screenshot?: string): Promise<string> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    // The page has read its config.json once it filled in the client's name (a string: this file knows no DOM types).
    await page.waitForFunction("document.getElementById('client').value !== ''");
    await page.setInputFiles("#key", key);
    await page.setInputFiles("#csv", csv);
    await page.click("#submit");
    await page.waitForSelector("#status.ok, #status.error", { timeout: 30_000 });
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return (await page.textContent("#status")) ?? "";
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const headless = process.argv.includes("--headless");
  const demo = await startBrowserDemo(headless ? { ports: [0, 0, 0, 0, 0, 0, 0] } : {});
  const csv = (name: string) => join(projectRoot(), "examples", "clients", `${name}.csv`);
  const common = { program: demo.bytecode, parties: demo.partiesPath };
  try {
    await submitInputs({ ...common, client: "company_a", key: demo.keyPath("company_a"), inputs: csv("company_a") });
    console.log("company_a submitted its salaries from Node.");
    if (headless) {
      console.log(`Chromium submits company_b's salaries from ${demo.url} …`);
      console.log(await submitFromChromium(demo.url, demo.keyPath("company_b"), csv("company_b")));
    } else {
      console.log(`Now open ${demo.url} and submit as company_b:`);
      console.log(`  key file: ${demo.keyPath("company_b")}`);
      console.log(`  values:   ${csv("company_b")}`);
    }
    const outputs = await fetchOutputs({ ...common, client: "analyst", key: demo.keyPath("analyst"), timeoutMs: 600_000 });
    console.log(`The analyst fetched: average = ${String(outputs.average)}`);
    await Promise.all(demo.parties);
  } finally {
    await demo.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(`demo:browser: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}
