// Exit codes and the one place a CLI error becomes a line on stderr. A user's mistake is a
// message naming the problem; only a bug in the toolchain shows a stack trace.

import { CommanderError } from "commander";
import { ClientError } from "../client/errors.js";
import { BytecodeError } from "../vm/bytecode/errors.js";
import { InputError } from "../vm/machine/inputs.js";
import { MessageError } from "../vm/machine/messages.js";
import { ConfigError } from "../vm/net/config.js";
import { WriteError } from "../vm/files.js";
import { NetworkError, RefusedError } from "../vm/net/errors.js";
import { PrepError } from "../vm/preprocessing/store.js";
import { PrepExhausted } from "../vm/preprocessing/material.js";
import { ProgramAbort } from "../vm/machine/state.js";

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  compile: 3,
  data: 4,
  network: 5,
  refused: 6,
  stopped: 7,
  interrupted: 130,
} as const;

/** A wrong command line: bad flag values, a party that does not exist, missing options. */
export class UsageError extends Error {}

/** Compilation failed; the diagnostics have already been printed. */
export class CompileFailed extends Error {}

/** The operator stopped the run (Ctrl-C or SIGTERM); the peers were told. */
export class Interrupted extends NetworkError {}

/** The error has already been printed (as a JSON log line); only its exit code is left to set. */
export class Reported extends Error {
  constructor(readonly exitCode: number) {
    super("reported");
  }
}

const CLIENT_EXIT = { usage: EXIT.usage, data: EXIT.data, network: EXIT.network, refused: EXIT.refused, failed: EXIT.network } as const;

export function exitCodeOf(e: unknown): number {
  if (e instanceof ClientError) return CLIENT_EXIT[e.kind];
  if (e instanceof UsageError) return EXIT.usage;
  if (e instanceof CompileFailed) return EXIT.compile;
  if (
    e instanceof BytecodeError ||
    e instanceof InputError ||
    e instanceof PrepError ||
    e instanceof ConfigError ||
    e instanceof PrepExhausted ||
    e instanceof WriteError
  ) {
    return EXIT.data;
  }
  if (e instanceof Interrupted) return EXIT.interrupted;
  if (e instanceof RefusedError) return EXIT.refused;
  if (e instanceof NetworkError || e instanceof MessageError) return EXIT.network;
  if (e instanceof ProgramAbort) return EXIT.stopped;
  return EXIT.internal;
}

/** Runs a command body and turns any error into a message and an exit code. */
export async function runCommand(tool: string, body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    process.exitCode = report(tool, e);
  }
}

function report(tool: string, e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof Reported) return e.exitCode;
  const code = exitCodeOf(e);
  if (e instanceof CompileFailed) return code;
  if (code === EXIT.internal) {
    process.stderr.write(`${tool}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.stderr.write("This is a bug in the toolchain; please report it with the command you ran.\n");
    if (process.env.MPC_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
    return code;
  }
  const prefix = e instanceof ProgramAbort ? "the program stopped" : "error";
  process.stderr.write(`${tool}: ${prefix}: ${(e as Error).message}\n`);
  return code;
}

/**
 * A reader that stops early (`mpcvm emulate … | head`) closes our standard output: the rest of
 * the output has nowhere to go, which is no error of ours or the user's, so stop quietly.
 */
export function stopQuietlyWhenOutputCloses(): void {
  process.stdout.on("error", (e: Error & { code?: string }) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? EXIT.ok);
  });
}
