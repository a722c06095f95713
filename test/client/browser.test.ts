// Must show (issue 9): the browser example submits inputs from headless Chromium (Debian's
// chromium, driven by playwright-core). Skipped, saying so, where /usr/bin/chromium is missing;
// `npm run demo:browser -- --headless` runs the same by hand (docs/clients.md).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchOutputs, submitInputs } from "../../client/index.js";
import { CHROMIUM, startBrowserDemo, submitFromChromium } from "../../scripts/browser-demo.js";
import { ROOT } from "../cli/run-cli.js";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/client/browser.test.ts is skipped: ${CHROMIUM} is missing (apt-get install -y chromium; docs/clients.md)`);

const csv = (name: string) => join(ROOT, "examples", "clients", `${name}.csv`);
const sum = (name: string) =>
  readFileSync(csv(name), "utf8")
    .split("\n")
    .filter((l) => /^\d/.test(l))
    .reduce((s, l) => s + Number(l), 0);

describe("examples/browser-client", () => {
  it.skipIf(!hasChromium)("submits company_b's CSV from headless Chromium; the analyst fetches the average of both companies", async () => {
    const demo = await startBrowserDemo({ ports: [0, 0, 0, 0, 0, 0, 0], clientTimeoutMs: 60_000 });
    try {
      const common = { program: demo.bytecode, parties: demo.partiesPath, timeoutMs: 60_000 };
      await submitInputs({ ...common, client: "company_a", key: demo.keyPath("company_a"), inputs: csv("company_a") });
      const status = await submitFromChromium(demo.url, demo.keyPath("company_b"), csv("company_b"));
      expect(status).toMatch(/^Submitted: every party accepted submission [0-9a-f]{12}… for client company_b\.$/);
      const outputs = await fetchOutputs({ ...common, client: "analyst", key: demo.keyPath("analyst") });
      expect(Math.abs((outputs.average as number) - (sum("company_a") + sum("company_b")) / 10)).toBeLessThanOrEqual(2 ** -16);
      await Promise.all(demo.parties);
    } finally {
      await demo.close();
    }
  });

  it.skipIf(!hasChromium)("shows why a submission failed: another client's key", async () => {
    const demo = await startBrowserDemo({ ports: [0, 0, 0, 0, 0, 0, 0], clientTimeoutMs: 30_000 });
    try {
      const status = await submitFromChromium(demo.url, demo.keyPath("analyst"), csv("company_b"));
      expect(status).toBe("Not submitted: every party refused: the signature does not verify with the key parties.json names for client company_b");
    } finally {
      await demo.close();
    }
  });
});
