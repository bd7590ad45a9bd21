// Generates src/api/schema.d.ts (git-ignored) from the backend's OpenAPI document, the one API
// contract (drf-spectacular). `make frontend` writes ../var/openapi.json first;
// KOMA_OPENAPI=/path/or/url overrides it. There is no hand-kept copy to fall back on.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = resolve(root, "node_modules/.bin/openapi-typescript");
const out = resolve(root, "src/api/schema.d.ts");
const source = process.env.KOMA_OPENAPI || resolve(root, "../var/openapi.json");

if (!/^https?:\/\//.test(source) && !existsSync(source)) {
  console.error(
    `gen:api: ${source} not found. Run \`make frontend\` from the repository root ` +
      "(it writes var/openapi.json from the backend), or set KOMA_OPENAPI.",
  );
  process.exit(1);
}
const r = spawnSync(bin, [source, "-o", out], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
