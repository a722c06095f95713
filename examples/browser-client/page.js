// The example page's logic: read config.json (where the program and parties.json are, and the
// client's name), then submit the chosen CSV with the SDK bundle (npm run bundle makes mpc-client.js).

import { submitInputs } from "./mpc-client.js";

const $ = (id) => document.getElementById(id);

function show(text, kind) {
  $("status").textContent = text;
  $("status").className = kind;
}

async function load() {
  const config = await (await fetch("./config.json")).json();
  const [program, parties] = await Promise.all([
    fetch(config.program).then((r) => r.arrayBuffer()),
    fetch(config.parties).then((r) => r.json()),
  ]);
  $("client").value = config.client ?? "";
  $("program").textContent = config.program;
  $("parties").textContent = parties.parties.map((p, i) => p.name ?? `party ${i}`).join(", ");
  return { program: new Uint8Array(program), parties };
}

const loaded = load().catch((e) => show(`Could not load the page's configuration: ${e.message}`, "error"));

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("submit").disabled = true;
  show("Submitting…", "");
  try {
    const { program, parties } = await loaded;
    const csvFile = $("csv").files[0];
    const receipt = await submitInputs({
      program,
      parties,
      client: $("client").value.trim(),
      key: await $("key").files[0].text(),
      inputs: { csv: await csvFile.text(), name: csvFile.name },
      timeoutMs: 30_000,
      log: (line) => console.log(line),
    });
    show(`Submitted: every party accepted submission ${receipt.submission.slice(0, 12)}… for client ${receipt.client}.`, "ok");
  } catch (e) {
    show(`Not submitted: ${e.message}`, "error");
  } finally {
    $("submit").disabled = false;
  }
});
