// Parses Mermaid diagrams with Mermaid's own parser (the one GitHub and docs sites render with),
// headless: jsdom stands in for the browser DOM that mermaid's sanitizer needs.
// Usage: node scripts/check-mermaid.mjs < diagrams   (diagrams separated by a line "%%%%")
// Prints "ok <type>" or "error <message>" per diagram; exits 1 if any failed. Run by tests/mermaid.rs
// with the mermaid installed in .mermaid/ by scripts/setup-tools.sh.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), ".mermaid", "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(require.resolve("mermaid"));

const diagrams = readFileSync(0, "utf8").split(/^%%%%$/m).map((d) => d.trim()).filter(Boolean);
let failed = 0;
for (const diagram of diagrams) {
  try {
    const result = await mermaid.parse(diagram);
    console.log(`ok ${result.diagramType}`);
  } catch (e) {
    failed += 1;
    console.log(`error ${String(e.message ?? e).replace(/\n/g, " | ")}`);
  }
}
process.exit(failed ? 1 : 0);
