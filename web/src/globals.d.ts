/** Where the build put Pyodide's files: `/pyodide/<version>/` (vite.config.ts `define`). */
declare const __PYODIDE_PATH__: string;
