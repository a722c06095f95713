// Runs the built command-line tools (dist/) as a user would, with a time limit, for tests.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

/** The state directories the tools see (XDG_STATE_HOME): the ledgers of test runs stay out of the user's home. */
export const TEST_STATE_HOME = join(tmpdir(), "mpcvm-test-state");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(tool: "mpcc" | "mpcvm", args: string[], timeoutMs = 30_000): Promise<CliResult> {
  const script = join(ROOT, "dist", "cli", `${tool}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: run 'npm run build' first (npm test does)`);
  return spawnNode([script, ...args], timeoutMs).done;
}

/** Runs `node ARGS` from the project root, killing it after `timeoutMs`; the child is there to signal. */
export function spawnNode(args: string[], timeoutMs = 30_000): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, XDG_STATE_HOME: TEST_STATE_HOME } });
  const done = new Promise<CliResult>((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

/** The error lines of a run: exactly one line, no stack trace. */
export function errorLines(result: CliResult): string[] {
  return result.stderr.split("\n").filter((l) => l.includes("error"));
}
