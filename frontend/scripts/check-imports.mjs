// One-way dependencies (bulletproof-react): shared (api, components, config, lib) → features → app.
// A feature never imports another feature; shared code never imports features or app.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) files.push(path);
  }
})(src);

const layerOf = (file) => {
  const parts = relative(src, file).split(sep);
  if (parts[0] === "features") return { layer: "features", feature: parts[1] };
  if (parts[0] === "app" || parts[0] === "main.tsx") return { layer: "app" };
  return { layer: "shared" };
};

const problems = [];
for (const file of files) {
  const from = layerOf(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = match[1] ?? match[2];
    let target;
    if (spec.startsWith("@/")) target = join(src, spec.slice(2));
    else if (spec.startsWith(".")) target = resolve(dirname(file), spec);
    else continue;
    const to = layerOf(target);
    const where = `${relative(src, file)} → ${spec}`;
    if (from.layer === "shared" && to.layer !== "shared") problems.push(`shared code imports ${to.layer}: ${where}`);
    if (from.layer === "features" && to.layer === "app") problems.push(`feature imports app: ${where}`);
    if (from.layer === "features" && to.layer === "features" && to.feature !== from.feature)
      problems.push(`cross-feature import: ${where}`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`check-imports: ${files.length} files, no forbidden imports`);
