// Which party counts and thresholds each protocol allows: one rule read by the compiler (flags),
// the bytecode validator (headers) and the CLI, so a wrong combination is refused the same way everywhere.

import { PROTOCOL_NAMES, type ProtocolName, type ProtocolParams, type ShareLayout } from "./protocol.js";
import { shamirDegree } from "./shamir/elements.js";

/** What each protocol is for, in one line (for help texts and reports). */
export const PROTOCOL_SUMMARY: Record<ProtocolName, string> = {
  additive: "n ≥ 2 parties, any n − 1 may collude (dishonest majority); needs preprocessing (a dealer or `mpcvm offline`)",
  replicated: "exactly 3 parties, any 1 may be corrupt (honest majority); no preprocessing",
  shamir: "n ≥ 2t + 1 parties, any t may collude (honest majority); no preprocessing; a run survives dropped parties while 2t + 1 remain",
};

/** The threshold a protocol gets when none is given: the most corrupt parties it can tolerate with `parties`. */
export function defaultThreshold(name: ProtocolName, parties: number): number {
  if (name === "additive") return parties - 1;
  if (name === "replicated") return 1;
  return Math.max(1, Math.floor((parties - 1) / 2));
}

/** Why `parties` and `threshold` do not fit the protocol, or null when they do. */
export function protocolProblem(params: ProtocolParams, parties: number): string | null {
  const { name, threshold: t } = params;
  if (!PROTOCOL_NAMES.includes(name)) return `unknown protocol '${String(name)}' (use ${PROTOCOL_NAMES.join(", ")})`;
  if (!Number.isInteger(t) || t < 0) return `the threshold must be a whole number, not ${t}`;
  switch (name) {
    case "additive":
      if (parties < 2) return `the additive protocol needs at least 2 parties, not ${parties}`;
      if (t !== parties - 1)
        return `the additive protocol tolerates any ${parties - 1} of ${parties} parties colluding: its threshold is ${parties - 1}, not ${t}`;
      return null;
    case "replicated":
      if (parties !== 3) return `the replicated protocol runs with exactly 3 parties, not ${parties} (use --protocol shamir for other counts)`;
      if (t !== 1) return `the replicated protocol tolerates 1 corrupt party of 3: its threshold is 1, not ${t}`;
      return null;
    case "shamir":
      if (t < 1) return "the Shamir protocol needs a threshold of at least 1";
      if (parties < 2 * t + 1) return `the Shamir protocol with threshold ${t} needs at least ${2 * t + 1} parties (n ≥ 2t + 1), not ${parties}`;
      return null;
  }
}

/** "shamir (5 parties, any 2 may collude)" for logs and reports. */
export function describeProtocol(params: ProtocolParams, parties: number): string {
  return `${params.name} (${parties} parties, any ${params.threshold} may collude)`;
}

/** How many components one party's share of one value has under the protocol (see ShareLayout). */
export function shareLayout(params: ProtocolParams, parties: number): ShareLayout {
  switch (params.name) {
    case "additive":
      return { arith: 1, bits: 1 };
    case "replicated":
      return { arith: 2, bits: 2 };
    case "shamir": {
      const d = shamirDegree(parties);
      return { arith: d, bits: d };
    }
  }
}
