/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const backend = process.env.KOMA_BACKEND ?? "http://127.0.0.1:8000";

/**
 * Emits dist/sw.js from service-worker/sw.js with the build's files to keep offline (the bundle
 * and public/) and a hash of them and of the worker itself, so each deployment replaces the cache.
 */
function komaServiceWorker(): Plugin {
  const source = fileURLToPath(new URL("./service-worker/sw.js", import.meta.url));
  const publicDir = fileURLToPath(new URL("./public", import.meta.url));
  return {
    name: "koma-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((name) => name !== "index.html" && !name.endsWith(".map"));
      const precache = [...built, ...readdirSync(publicDir)].map((name) => `/${name}`).sort();
      const template = readFileSync(source, "utf8");
      const build = createHash("sha256").update(template).update(JSON.stringify(precache)).digest("hex").slice(0, 16);
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: template.replace('"__KOMA_BUILD__"', JSON.stringify(build)).replace("__KOMA_PRECACHE__", JSON.stringify(precache)),
      });
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [react(), komaServiceWorker()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/ws": { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
