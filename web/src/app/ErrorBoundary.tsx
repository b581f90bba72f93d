import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorState } from "../ui/States";

/** The last line of defence: a sentence and a reload button, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("CodeSync crashed while rendering", error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <ErrorState
        full
        title="Something went wrong on this page"
        message="Your edits in the room are saved in this browser and on the server. Reload to continue."
        actions={
          <button className="btn btn-primary" type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        }
      />
    );
  }
}
