// The rounds of the parties' own material-making: every call is one round in which all of its
// operations travel together (ANDs, products, inputs of every party, openings), through the protocol.

import type { Vec } from "../../domain/ring64.js";
import type { Inbox } from "../../machine/messages.js";
import type { Domain, PartyProtocol } from "../protocol.js";
import type { SetupRound } from "../start.js";
import { type BitMatrix, zeros } from "./bit-matrix.js";

export class Session {
  readonly arith: number;
  readonly bits: number;

  constructor(
    readonly proto: PartyProtocol,
    private readonly round: SetupRound,
  ) {
    this.arith = proto.layout.arith;
    this.bits = proto.layout.bits;
  }

  /** a_i ∧ b_i for every pair, in one round. */
  async and(pairs: ReadonlyArray<readonly [BitMatrix, BitMatrix]>): Promise<BitMatrix[]> {
    const results = pairs.map(([a]) => zeros(a.rows, a.words, a.components));
    await this.run((out) => pairs.map(([a, b], i) => this.proto.and(a.v, b.v, a.rows * a.words, out, results[i]!.v)));
    return results;
  }

  /** x_i · y_i for every pair of sharings of `count` elements, in one round. */
  async multiply(pairs: ReadonlyArray<readonly [Vec, Vec]>, count: number): Promise<Vec[]> {
    const results = pairs.map(([x]) => new BigUint64Array(x.length));
    await this.run((out) => pairs.map(([x, y], i) => this.proto.multiply(x, y, count, out, results[i]!)));
    return results;
  }

  /**
   * Every party shares values of its own choice, for each of `inputs` (`mine` are this party's),
   * all in one round. Returns, per input, one sharing per party.
   */
  async inputFromEach(inputs: ReadonlyArray<{ readonly count: number; readonly domain: Domain; readonly mine: Vec }>): Promise<Vec[][]> {
    const shares: Vec[][] = inputs.map(() => []);
    await this.run((out) =>
      inputs.flatMap(({ count, domain, mine }, i) =>
        Array.from({ length: this.proto.parties }, (_, p) => {
          const sharing = this.proto.shareInput(p, p === this.proto.party ? mine : null, count, domain, out);
          return (inbox: Inbox) => void shares[i]!.push(sharing(inbox));
        }),
      ),
    );
    return shares;
  }

  /** Opens bit-sliced words to every party. */
  async openBits(m: BitMatrix): Promise<Vec> {
    let value: Vec | null = null;
    await this.run((out) => {
      const opening = this.proto.openBits(m.v, m.rows * m.words, out);
      return [(inbox) => void (value = opening(inbox))];
    });
    return value!;
  }

  /** One round: `prepare` adds every operation's words and returns what finishes each. */
  private async run(prepare: (out: Parameters<Parameters<SetupRound>[0]>[0]) => Array<(inbox: Inbox) => void>): Promise<void> {
    let finishers: Array<(inbox: Inbox) => void> = [];
    const inbox = await this.round((out) => void (finishers = prepare(out)));
    for (const finish of finishers) finish(inbox);
    inbox.checkConsumed();
  }
}
