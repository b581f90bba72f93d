/// <reference types="vitest/config" />
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

// The Starlette server serves web/dist; `npm run dev` proxies the API and websockets to it.
export default defineConfig({
  plugins: [react(), assetManifest()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
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
