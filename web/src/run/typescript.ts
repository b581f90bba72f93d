// TypeScript runs as JavaScript: its types are stripped in the page, by Sucrase (~100 kB,
// loaded on the first TypeScript run only; it keeps line numbers, so errors point at the
// lines the candidate wrote). Nothing is type-checked, as with `node --strip-types`.

type Transform = (code: string) => string;

let loading: Promise<Transform> | null = null;

function loadTransform(): Promise<Transform> {
  loading ??= import("sucrase").then(
    ({ transform }) =>
      (code: string) =>
        transform(code, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: false }).code,
  );
  loading.catch(() => (loading = null)); // offline before the first use: retry next time
  return loading;
}

export type Stripped = { ok: true; code: string } | { ok: false; error: string };

/** The program without its type annotations, or the syntax error that stopped Sucrase. */
export async function stripTypes(code: string): Promise<Stripped> {
  const transform = await loadTransform();
  try {
    return { ok: true, code: transform(code) };
  } catch (error) {
    return { ok: false, error: `SyntaxError: ${error instanceof Error ? error.message : String(error)}` };
  }
}
