/// <reference types="vitest/config" />
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
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
// The version is in the path, so browsers may keep the files for a year (the server says
// `immutable` under /pyodide/<version>/) and an upgrade is a new URL.
const PYODIDE_DIR = fileURLToPath(new URL("./node_modules/pyodide/", import.meta.url));
const PYODIDE_VERSION: string = JSON.parse(readFileSync(PYODIDE_DIR + "package.json", "utf8")).version;
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

function pyodideAssets(): Plugin {
  return {
    name: "codesync-pyodide",
    apply: "build",
    async generateBundle() {
      for (const name of PYODIDE_FILES) {
        const fileName = `pyodide/${PYODIDE_VERSION}/${name}`;
        this.emitFile({ type: "asset", fileName, source: await readFile(PYODIDE_DIR + name) });
      }
    },
  };
}

// Every compressible file of the build gets a brotli and a gzip twin (`x.js.br`, `x.js.gz`),
// which the server sends to browsers that accept them: no compression work per request.
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|wasm|txt)$/;
const MIN_COMPRESS_BYTES = 1024;

function precompress(): Plugin {
  return {
    name: "codesync-precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const path = `${dir}/${fileName}`;
        const source = await readFile(path);
        if (source.length < MIN_COMPRESS_BYTES) continue;
        const brotli = brotliCompressSync(source, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: source.length > 1 << 20 ? 9 : 11 },
        });
        await writeFile(`${path}.br`, brotli);
        await writeFile(`${path}.gz`, gzipSync(source, { level: 9 }));
      }
    },
  };
}

// The Starlette server serves web/dist; `npm run dev` proxies the API and websockets to it.
export default defineConfig({
  plugins: [react(), assetManifest(), pyodideAssets(), precompress()],
  define: { __PYODIDE_PATH__: JSON.stringify(`/pyodide/${PYODIDE_VERSION}/`) },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Written for reading stack traces, referenced by no file: the server does not serve them.
    sourcemap: "hidden",
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
