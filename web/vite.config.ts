import { defineConfig } from "vite";

// The Starlette server serves web/dist; `npm run dev` proxies the API and websockets to it.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/yjs": { target: "ws://127.0.0.1:8000", ws: true },
      "/signal": { target: "ws://127.0.0.1:8000", ws: true },
    },
  },
});
