// Generates src/api/schema.d.ts (git-ignored) from the backend's OpenAPI document.
//   node scripts/gen-api.mjs                       ../var/openapi.json → schema.d.ts, or the fallback copy
//   node scripts/gen-api.mjs --from-fallback-spec  scripts/openapi.fallback.yaml → schema.fallback.d.ts.txt
// KOMA_OPENAPI=/path/or/url overrides ../var/openapi.json.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = resolve(root, "node_modules/.bin/openapi-typescript");
const out = resolve(root, "src/api/schema.d.ts");
const fallback = resolve(root, "src/api/schema.fallback.d.ts.txt");

function generate(input, output) {
  const r = spawnSync(bin, [input, "-o", output], { stdio: "inherit", cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv.includes("--from-fallback-spec")) {
  generate(resolve(root, "scripts/openapi.fallback.yaml"), fallback);
  process.exit(0);
}

const source = process.env.KOMA_OPENAPI || resolve(root, "../var/openapi.json");
if (/^https?:\/\//.test(source) || existsSync(source)) {
  generate(source, out);
} else {
  copyFileSync(fallback, out);
  console.log(`gen:api: ${source} not found; using src/api/schema.fallback.d.ts.txt`);
}
