import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

const PLACEHOLDER = "__CSP_NONCE__"; // index.html as built; the server swaps in the real nonce

/** CodeMirror injects <style> elements; the Content-Security-Policy admits them by nonce. */
export function cspNonce(doc: Document = document): Extension {
  const nonce = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? "";
  return nonce && nonce !== PLACEHOLDER ? EditorView.cspNonce.of(nonce) : [];
}
