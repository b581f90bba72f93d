/// <reference types="vitest/config" />
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Lists every built file in `asset-manifest.json`, so the service worker can keep all of
 * them (lazy chunks included) for reloads while offline. */
function assetManifest(): Plugin {
  return {
    name: "codesync-asset-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith("assets/") && !name.endsWith(".map"))
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: "asset", fileName: "asset-manifest.json", source: JSON.stringify({ files }, null, 2) });
    },
  };
}

// Python runs in the browser on Pyodide's interpreter and standard library, served from our
// own origin under /pyodide/ (never a CDN: rooms work on closed networks). Not under
// /assets/, so the service worker does not download 13 MB for every visitor. Running code
// needs the built app (`make serve`): the sandbox frame is an opaque origin, whose requests
// the dev server's CORS rules refuse.
const PYODIDE_DIR = fileURLToPath(new URL("./node_modules/pyodide/", import.meta.url));
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

function pyodideAssets(): Plugin {
  return {
    name: "codesync-pyodide",
    apply: "build",
    async generateBundle() {
      for (const name of PYODIDE_FILES) {
        this.emitFile({ type: "asset", fileName: `pyodide/${name}`, source: await readFile(PYODIDE_DIR + name) });
      }
    },
  };
}

// The Starlette server serves web/dist; `npm run dev` proxies the API and websockets to it.
export default defineConfig({
  plugins: [react(), assetManifest(), pyodideAssets()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // The code sandbox is a page of its own (src/run/sandbox/main.ts), framed by the room.
      input: { index: "index.html", sandbox: "sandbox.html" },
    },
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/yjs": { target: "ws://127.0.0.1:8000", ws: true },
      "/signal": { target: "ws://127.0.0.1:8000", ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
