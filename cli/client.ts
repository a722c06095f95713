// `mpcvm submit`, `mpcvm fetch` and `mpcvm client-key`: a data owner that is not a compute party
// gives the parties its inputs, fetches its outputs, and makes the key that proves its name.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { fetchOutputs, submitInputs } from "../client/index.js";
import { CLIENT_NAME } from "../vm/bytecode/limits.js";
import { loadProgram, readClientValues, writeAtomically } from "../vm/files.js";
import { outputDirectory } from "../vm/output-file.js";
import { makeClientKey } from "../vm/net/client-keys.js";
import { UsageError } from "./exit.js";
import { secondsOption } from "./options.js";
import { finish, outputOption } from "./print.js";

export interface ClientFlags {
  client: string;
  config: string;
  key?: string;
  input?: string;
  output?: string;
  timeout?: string;
  insecure?: boolean;
  quiet?: boolean;
}

export async function submitCommand(path: string, flags: ClientFlags): Promise<void> {
  if (flags.input === undefined) throw new UsageError("mpcvm submit needs --input FILE: the client's values (CSV), in program order");
  const receipt = await submitInputs({ ...common(path, flags), inputs: clientValues(path, flags.client, flags.input) });
  const again = receipt.repeated.length > 0 ? ` (parties ${receipt.repeated.join(", ")} already had it)` : "";
  if (!flags.quiet) process.stderr.write(`mpcvm: client ${receipt.client}: every party accepted submission ${receipt.submission.slice(0, 12)}…${again}\n`);
}

export async function fetchCommand(path: string, flags: ClientFlags): Promise<void> {
  const output = outputOption(flags.output);
  const outputs = await fetchOutputs(common(path, flags));
  finish(loadProgram(path), outputs, output);
}

/**
 * The client's input file, read as a stream no further than the program's count and checked as a
 * party's would be (errors name its lines), handed to the SDK as the values themselves.
 */
function clientValues(path: string, client: string, input: string): string[] {
  const loaded = loadProgram(path);
  // The SDK names an unknown client, or one with no inputs, better, before it looks at any value.
  if (!loaded.program.clients.some((c) => c.name === client && c.inputs.length > 0)) return [];
  return readClientValues(loaded, client, input);
}

function common(path: string, flags: ClientFlags) {
  const key = flags.key ?? join("keys", `${flags.client}.key`);
  const log = flags.quiet ? undefined : (message: string) => void process.stderr.write(`mpcvm: client ${flags.client}: ${message}\n`);
  return {
    program: path,
    client: flags.client,
    parties: flags.config,
    key,
    ...(flags.timeout === undefined ? {} : { timeoutMs: secondsOption("--timeout", flags.timeout) }),
    ...(flags.insecure ? { insecure: true } : {}),
    ...(log ? { log } : {}),
  };
}

export interface ClientKeyFlags {
  client: string;
  out: string;
  force?: boolean;
}

/** Writes NAME.key (mode 600) and prints the "clients" entry of parties.json with the public key. */
export function clientKeyCommand(flags: ClientKeyFlags): void {
  if (!CLIENT_NAME.test(flags.client))
    throw new UsageError(`--client ${flags.client}: a client name is letters, digits, '_', '.' or '-', starting with a letter or '_'`);
  if (flags.out === "-") throw new UsageError("--out -: the key is written to a file, so --out names a directory");
  const keyPath = join(flags.out, `${flags.client}.key`);
  if (existsSync(keyPath) && !flags.force) throw new UsageError(`${keyPath} already exists; parties.json may name its public key. Pass --force to replace it`);
  outputDirectory(flags.out);
  const key = makeClientKey();
  writeAtomically(keyPath, key.privatePem, 0o600);
  process.stdout.write(`Wrote ${keyPath} (the private key: keep it with the client; never send it).\n`);
  process.stdout.write(`Every party's parties.json needs this entry in its "clients" list:\n`);
  process.stdout.write(`  ${JSON.stringify({ name: flags.client, publicKey: key.publicKey })}\n`);
}
