import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack } from "msgpackr";
import { afterAll, describe, expect, it } from "vitest";
import { ringOf } from "../../../vm/domain/ring.js";
import { mismatch, PROTOCOL_VERSION } from "../../../vm/net/handshake.js";
import { deal } from "../../../vm/preprocessing/dealer.js";
import { chunkTag, dataBytes, decodeHeader, endTag, headerTag, PREFIX_BYTES, readPrefix, TAG_BYTES } from "../../../vm/preprocessing/format.js";
import { prepKey } from "../../../vm/preprocessing/kinds.js";
import { Material } from "../../../vm/preprocessing/material.js";
import { readPrep, readPrepFile } from "../../../vm/preprocessing/reader.js";
import { PrepError, writeDeal } from "../../../vm/preprocessing/store.js";
import { PrepWriter } from "../../../vm/preprocessing/writer.js";
import { reconstruct } from "../../../vm/protocol/additive/sharing.js";
import { everyKind, expectation, fileBytes, memorySource, writeMaterial } from "./prep-files.js";

const dir = mkdtempSync(join(tmpdir(), "mpc-prep-integrity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loaded = everyKind();
const ring = ringOf(loaded.program.domain);
let folders = 0;
const folder = (): string => mkdtempSync(join(dir, `deal${folders++}-`));

/** A fresh deal's files, cut into 128-byte chunks: small, but with many chunks to damage. */
function smallDeal(): { paths: string[]; bytes: Uint8Array[] } {
  const paths = writeDeal(ring, { programHash: loaded.hash, parties: 3, needs: loaded.program.preprocessing }, folder(), { chunkBytes: 128 });
  return { paths, bytes: paths.map(fileBytes) };
}

function refusal(bytes: Uint8Array, party = 1): string | null {
  try {
    readPrep(ring, memorySource(bytes), expectation(loaded, party), `party${party}.prep`);
    return null;
  } catch (e) {
    if (!(e instanceof PrepError)) throw e;
    return e.message;
  }
}

describe("a preprocessing file, written in batches and read back", () => {
  for (const ringBits of [64, 128] as const) {
    it(`holds exactly what was dealt, whatever the batches and chunks (Z2^${ringBits})`, () => {
      const program = everyKind(ringBits);
      const r = ringOf(program.program.domain);
      const dealt = deal(r, program.program.preprocessing, 3);
      for (const [batch, chunkBytes] of [
        [1, 64],
        [7, 200],
        [1000, 1 << 20],
      ] as const) {
        const paths = writeMaterial(folder(), r, program, dealt, batch, chunkBytes);
        paths.forEach((path, p) => {
          const read = readPrepFile(r, path, expectation(program, p)).material;
          const original = new Material(r, dealt[p]!.items);
          for (const need of program.program.preprocessing) {
            expect(read.take(need.kind, need.param, need.count), prepKey(need.kind, need.param)).toEqual(original.take(need.kind, need.param, need.count));
          }
        });
      }
    });
  }

  it("the dealer's files put together give real triples, and agree on the deal", () => {
    const { paths } = smallDeal();
    const loadedFiles = paths.map((path, p) => readPrepFile(ring, path, expectation(loaded, p)));
    const need = loaded.program.preprocessing.find((n) => n.kind === "bittriple")!;
    const triples = loadedFiles.map((f) => f.material.take("bittriple", null, need.count));
    const [a, b, c] = [0, 1, 2].map((i) => triples.map((t) => t[i]!).reduce((x, y) => x.map((w, k) => w ^ y[k]!)));
    for (let k = 0; k < need.count; k++) expect(c![k]).toBe(a![k]! & b![k]!);
    const muls = loaded.program.preprocessing.find((n) => n.kind === "triple");
    if (muls) {
      const parts = loadedFiles.map((f) => f.material.take("triple", null, muls.count));
      const [x, y, z] = [0, 1, 2].map((i) =>
        reconstruct(
          ring,
          parts.map((t) => t[i]!),
        ),
      );
      expect(ring.mul(ring.alloc(muls.count), x!, y!)).toEqual(z);
    }
    expect(new Set(loadedFiles.map((f) => f.handshakeDeal)).size).toBe(1);
    expect(new Set(loadedFiles.map((f) => f.header.dealId)).size).toBe(1);
  });

  it("is read once, front to back, a chunk at a time: never held whole", () => {
    const { bytes } = smallDeal();
    const source = memorySource(bytes[1]!);
    readPrep(ring, source, expectation(loaded, 1), "party1.prep");
    expect(source.reads.reduce((a, b) => a + b, 0)).toBe(bytes[1]!.byteLength);
    const header = readPrefix(bytes[1]!.subarray(0, PREFIX_BYTES));
    expect(Math.max(...source.reads)).toBeLessThanOrEqual(Math.max(128, header));
  });
});

describe("a damaged preprocessing file is refused before anything is used", () => {
  it("one bit flipped anywhere — header, data, checksums or trailer — is refused, naming the file", () => {
    const { bytes } = smallDeal();
    const file = bytes[1]!;
    const accepted: string[] = [];
    const header = PREFIX_BYTES + readPrefix(file.subarray(0, PREFIX_BYTES)) + TAG_BYTES;
    // Every bit of the header and its checksum; one bit of every other byte, a different one from byte to byte.
    for (let at = 0; at < file.byteLength; at++) {
      for (const bit of at < header ? [0, 1, 2, 3, 4, 5, 6, 7] : [(at * 5) % 8]) {
        const damaged = Uint8Array.from(file);
        damaged[at] = damaged[at]! ^ (1 << bit);
        const message = refusal(damaged);
        if (message === null) accepted.push(`byte ${at} bit ${bit}`);
        else expect(message).toMatch(/^party1\.prep (is damaged|is not a preprocessing file|has preprocessing format|is party|was made for)/);
      }
    }
    expect(accepted).toEqual([]);
    expect(refusal(file)).toBeNull();
  });

  it("a file cut short at any length, or with bytes added, is refused", () => {
    const file = smallDeal().bytes[1]!;
    for (let length = 0; length < file.byteLength; length++) expect(refusal(file.subarray(0, length)), `cut at ${length}`).toMatch(/^party1\.prep /);
    expect(refusal(Uint8Array.from([...file, 0]))).toMatch(/^party1\.prep is damaged: it is \d+ bytes long, but its header describes \d+/);
  });

  it("names the chunk that does not match", () => {
    const file = smallDeal().bytes[1]!;
    const damaged = Uint8Array.from(file);
    damaged[file.byteLength - 200] = damaged[file.byteLength - 200]! ^ 1;
    expect(refusal(damaged)).toMatch(
      /^party1\.prep is damaged: (chunk \d+ of \d+ \(bytes \d+ to \d+\) does not match its checksum|its end does not match its checksum)$/,
    );
  });

  it("refuses a file in the old format, or for another program, party or party count, or holding too little", () => {
    expect(refusal(pack({ magic: "MPCPREP", version: 2, items: [] }))).toMatch(/^party1\.prep is in an older preprocessing format; this VM reads format 3/);
    expect(refusal(new TextEncoder().encode("x = 1\n"))).toBe("party1.prep is not a preprocessing file");
    expect(refusal(new Uint8Array(0))).toBe("party1.prep is empty");
    const { bytes } = smallDeal();
    expect(refusal(bytes[0]!)).toBe("party1.prep is party 0's preprocessing, not party 1's");
    const other = everyKind(128);
    expect(() => readPrep(ring, memorySource(bytes[1]!), expectation(other, 1), "p.prep")).toThrow(/^p\.prep was made for another program/);
    const more = { ...expectation(loaded, 1), needs: loaded.program.preprocessing.map((n) => ({ ...n, count: n.count + 1 })) };
    expect(() => readPrep(ring, memorySource(bytes[1]!), more, "p.prep")).toThrow(/^p\.prep holds \d+ \w+(\/\d+)?, but the program needs \d+$/);
  });

  it("refuses what is not a regular file, without waiting on it", () => {
    expect(() => readPrepFile(ring, dir, expectation(loaded, 0))).toThrow(/is a directory$/);
    expect(() => readPrepFile(ring, join(dir, "nope.prep"), expectation(loaded, 0))).toThrow(/nope\.prep does not exist$/);
    expect(() => readPrepFile(ring, "/dev/null", expectation(loaded, 0))).toThrow(/\/dev\/null is not a regular file$/);
  });
});

describe("what the checksums cannot see alone, the handshake does", () => {
  /** What someone who can write party 1's file, but no other, can do: change its data and recompute every checksum. */
  function rewrite(file: Uint8Array, change: (data: Uint8Array) => void): Uint8Array {
    const length = readPrefix(file.subarray(0, PREFIX_BYTES));
    const head = file.subarray(0, PREFIX_BYTES + length);
    const header = decodeHeader(head);
    const total = dataBytes(header.items, ring);
    const data = new Uint8Array(total);
    let at = head.byteLength + TAG_BYTES;
    for (let done = 0; done < total; done += header.chunkBytes) {
      const n = Math.min(header.chunkBytes, total - done);
      data.set(file.subarray(at, at + n), done);
      at += n + TAG_BYTES;
    }
    const manifest = Uint8Array.from(file.subarray(at, at + header.parties * TAG_BYTES));
    change(data);
    const out: Uint8Array[] = [head];
    let previous: Uint8Array = headerTag(head);
    out.push(previous);
    for (let done = 0; done < total; done += header.chunkBytes) {
      const chunk = data.subarray(done, Math.min(total, done + header.chunkBytes));
      previous = chunkTag(previous, chunk);
      out.push(chunk, previous);
    }
    manifest.set(previous, header.party * TAG_BYTES);
    out.push(manifest, endTag(previous, manifest));
    return Buffer.concat(out);
  }

  const identity = (dealId: string) => ({ protocol: PROTOCOL_VERSION, party: 0, programHash: loaded.hash, dealId });

  it("a file altered with its checksums recomputed reads, but its deal no longer matches the other parties'", () => {
    const { bytes } = smallDeal();
    const forged = rewrite(bytes[1]!, (data) => void (data[5] = data[5]! ^ 1));
    expect(refusal(rewrite(bytes[1]!, () => {}))).toBeNull();
    expect(refusal(forged)).toBeNull();
    const honest = readPrep(ring, memorySource(bytes[0]!), expectation(loaded, 0), "party0.prep");
    const altered = readPrep(ring, memorySource(forged), expectation(loaded, 1), "party1.prep");
    expect(altered.header.dealId).toBe(honest.header.dealId);
    expect(altered.handshakeDeal).not.toBe(honest.handshakeDeal);
    expect(mismatch(identity(honest.handshakeDeal), identity(altered.handshakeDeal))).toMatch(
      /^preprocessing of the same deal, but the dealer's record .* differs/,
    );
  });

  it("a file from another deal is refused at the handshake", () => {
    const [a, b] = [smallDeal(), smallDeal()];
    const mine = readPrep(ring, memorySource(a.bytes[0]!), expectation(loaded, 0), "party0.prep");
    const theirs = readPrep(ring, memorySource(b.bytes[1]!), expectation(loaded, 1), "party1.prep");
    expect(mismatch(identity(mine.handshakeDeal), identity(theirs.handshakeDeal))).toMatch(/^preprocessing from a different deal/);
  });
});

describe("the streaming writer", () => {
  it("refuses items out of the declared order or count, and leaves nothing behind when abandoned", () => {
    const out = folder();
    const needs = loaded.program.preprocessing;
    const header = { programHash: loaded.hash, dealId: "d1", party: 0, parties: 3, items: needs };
    const writer = PrepWriter.open(join(out, "party0.prep"), ring, header);
    const [first, second] = deal(ring, needs, 3)[0]!.items;
    expect(() => writer.append(second!.kind, second!.param, second!.parts)).toThrow(/^preprocessing writer: .* appended where .* was declared$/);
    const twice = first!.parts
      .map((p) => Uint8Array.from(new Uint8Array(p.buffer)).buffer)
      .map((b) => new BigUint64Array([...new BigUint64Array(b), ...new BigUint64Array(b)]));
    expect(() => writer.append(first!.kind, first!.param, twice)).toThrow(/does not fit the declared/);
    expect(() => writer.seal()).toThrow(/sealed before every declared item was appended/);
    expect(readdirSync(out)).toHaveLength(1);
    writer.abandon();
    expect(readdirSync(out)).toEqual([]);
  });

  it("writes nothing where the directory cannot take files", () => {
    const path = join(dir, "a-file");
    writeFileSync(path, "");
    expect(() => writeDeal(ring, { programHash: loaded.hash, parties: 3, needs: loaded.program.preprocessing }, path)).toThrow(
      /^cannot write .*a-file\/party0\.prep/,
    );
  });
});
