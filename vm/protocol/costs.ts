// Each protocol's cost model beside the ISA: for every instruction that communicates, who sends
// whom how many words, and which preprocessing it consumes. The report, the VM's checks and the header read it.

import { ISA, type OpName, type PrepUse, type Traffic } from "../isa.js";
import { shamirDegree } from "./shamir/galois.js";
import type { ProtocolParams } from "./protocol.js";

export interface OpCost {
  readonly traffic: Traffic | null;
  readonly prep: PrepUse | null;
}

/** The ops whose cost depends on the protocol: those that communicate. */
type Interactive = { [K in OpName]: (typeof ISA)[K]["traffic"] extends null ? never : K }[OpName];

export type CostTable = { readonly [K in OpName]: OpCost };

function table(overrides: { readonly [K in Interactive]: OpCost }): CostTable {
  const out: Record<string, OpCost> = {};
  for (const name of Object.keys(ISA) as OpName[]) out[name] = { traffic: ISA[name].traffic, prep: ISA[name].prep };
  return { ...(out as CostTable), ...overrides };
}

/** The additive protocol's costs are the ISA's own columns. */
const ADDITIVE = table({
  MULS: { traffic: ISA.MULS.traffic, prep: ISA.MULS.prep },
  DIVS: { traffic: ISA.DIVS.traffic, prep: ISA.DIVS.prep },
  OPEN: { traffic: ISA.OPEN.traffic, prep: ISA.OPEN.prep },
  BMULS: { traffic: ISA.BMULS.traffic, prep: ISA.BMULS.prep },
  ANDB: { traffic: ISA.ANDB.traffic, prep: ISA.ANDB.prep },
  B2A: { traffic: ISA.B2A.traffic, prep: ISA.B2A.prep },
});

/**
 * Replicated sharing among 3 parties: an open sends one component to the next party (the one
 * that lacks it); a product or an AND sends one re-shared component to the previous party.
 */
const REPLICATED = table({
  MULS: { traffic: { pattern: "previous", words: 1, per: 0 }, prep: null },
  DIVS: { traffic: { pattern: "next", words: 1, per: 0 }, prep: ISA.DIVS.prep },
  OPEN: { traffic: { pattern: "next-or-recipient", words: 1, per: 0 }, prep: null },
  BMULS: { traffic: { pattern: "next", words: 1, per: 0, also: { words: 1, per: 1 } }, prep: ISA.BMULS.prep },
  ANDB: { traffic: { pattern: "previous", words: 1, per: 0 }, prep: null },
  B2A: { traffic: { pattern: "next", words: 1, per: 1 }, prep: ISA.B2A.prep },
});

/**
 * Shamir sharing over a Galois ring of degree d: a share is d ring elements (d bits for bits);
 * every open and every product's masked share goes to every other party.
 */
function shamir(d: number): CostTable {
  return table({
    MULS: { traffic: { pattern: "all", words: d, per: 0 }, prep: null },
    DIVS: { traffic: { pattern: "all", words: d, per: 0 }, prep: ISA.DIVS.prep },
    OPEN: { traffic: { pattern: "recipient", words: d, per: 0 }, prep: null },
    BMULS: { traffic: { pattern: "all", words: d, per: 0, also: { words: d, per: 1 } }, prep: ISA.BMULS.prep },
    ANDB: { traffic: { pattern: "all", words: d, per: 0 }, prep: null },
    B2A: { traffic: { pattern: "all", words: d, per: 1 }, prep: ISA.B2A.prep },
  });
}

export function costTable(params: ProtocolParams, parties: number): CostTable {
  switch (params.name) {
    case "additive":
      return ADDITIVE;
    case "replicated":
      return REPLICATED;
    case "shamir":
      return shamir(shamirDegree(parties));
  }
}
