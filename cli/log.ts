// How `mpcvm run` reports on stderr: a line per event as text (`mpcvm: party 1: …`) or as JSON
// (one object a line, for log collectors). --quiet keeps warnings and errors only.

import type { Log, LogEvent } from "../vm/log.js";

export type LogFormat = "text" | "json";

export interface RunLog {
  readonly log: Log;
  readonly info: (event: string, message: string, fields?: LogEvent["fields"]) => void;
  readonly warn: (event: string, message: string) => void;
  /** The closing error line; in JSON mode a JSON object, so the whole stream stays machine-readable. */
  readonly error: (message: string, exitCode: number) => void;
}

export function runLog(party: number, format: LogFormat, quiet: boolean, write: (line: string) => void = (l) => void process.stderr.write(l)): RunLog {
  const log: Log = (e) => {
    if (quiet && e.level === "info") return;
    if (format === "json") {
      write(`${JSON.stringify({ time: new Date().toISOString(), level: e.level, party, event: e.event, message: e.message, ...e.fields })}\n`);
    } else {
      write(`mpcvm: party ${party}: ${e.level === "warn" ? "warning: " : ""}${e.message}\n`);
    }
  };
  return {
    log,
    info: (event, message, fields) => log({ level: "info", event, message, ...(fields ? { fields } : {}) }),
    warn: (event, message) => log({ level: "warn", event, message }),
    error: (message, exitCode) => {
      if (format === "json") write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", party, event: "error", message, exitCode })}\n`);
      else write(`mpcvm: error: ${message}\n`);
    },
  };
}
