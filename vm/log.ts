// What a run reports as it goes: one event per phase, for the CLI to print as text or JSON.
// Events carry counts, party numbers, rounds and hashes only: never an input, share or mask.

export interface LogEvent {
  readonly level: "info" | "warn";
  /** A stable name for scripts reading `--log json`: connecting, connected, ready, round, … */
  readonly event: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, string | number | boolean>>;
}

export type Log = (event: LogEvent) => void;
