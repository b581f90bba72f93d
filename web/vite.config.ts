/// <reference types="vitest/config" />
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { OutputBundle, OutputChunk } from "rolldown";
import { defineConfig, type Plugin } from "vite";

/** Lists the built files in `asset-manifest.json`, so the service worker can keep them (lazy
 * chunks included) for reloads while offline — all but Stream's SDKs, which only rooms of a
 * server with Stream keys load (and which need the network anyway). */
function assetManifest(): Plugin {
  return {
    name: "codesync-asset-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      const streamOnly = streamOnlyFiles(bundle);
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith("assets/") && !name.endsWith(".map") && !streamOnly.has(name))
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: "asset", fileName: "asset-manifest.json", source: JSON.stringify({ files }, null, 2) });
    },
  };
}

const STREAM_ENTRY = /[\\/]src[\\/]stream[\\/]Stream\w+\.tsx$/;

/** Files reachable from the lazy Stream components but not from the rest of the app. */
function streamOnlyFiles(bundle: OutputBundle): Set<string> {
  const chunks = Object.values(bundle).filter((item): item is OutputChunk => item.type === "chunk");
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const isStream = (chunk: OutputChunk) => !!chunk.facadeModuleId && STREAM_ENTRY.test(chunk.facadeModuleId);
  const reach = (starts: OutputChunk[], stopAtStream: boolean) => {
    const seen = new Set<string>();
    const todo = [...starts];
    for (let chunk = todo.pop(); chunk; chunk = todo.pop()) {
      if (seen.has(chunk.fileName) || (stopAtStream && isStream(chunk))) continue;
      seen.add(chunk.fileName);
      for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
      for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
        const next = byName.get(name);
        if (next) todo.push(next);
      }
    }
    return seen;
  };
  const app = reach(chunks.filter((chunk) => chunk.isEntry), true);
  return new Set([...reach(chunks.filter(isStream), false)].filter((name) => !app.has(name)));
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
    // Stream Chat's lazy chunk (~450 kB gzip) loads only in rooms of a server with Stream keys.
    chunkSizeWarningLimit: 1700,
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
