import { useState } from "react";
import type { RoomModel } from "../collab/room";
import { CodeEditor, type Cursor } from "../editor/CodeEditor";
import { LoadingState } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { EditorStatus } from "./EditorStatus";
import { EditorToolbar } from "./EditorToolbar";
import { EndDialog } from "./EndDialog";
import { InviteDialog } from "./InviteDialog";
import { RoomBanner } from "./RoomBanner";
import { RoomHeader } from "./RoomHeader";
import { SidePanel } from "./SidePanel";
import { useRoomView } from "./useRoomView";
import { useVimPreference } from "./useVimPreference";
import { RunPanel } from "../run/RunPanel";
import { VideoSlot } from "./slots";
import { useProvider } from "../stream/useProvider";
import { isInterviewer, reportsSignals } from "../auth/permissions";
import { LiveSignalToast } from "../signals/SignalToast";
import { useSignalReporting } from "../signals/useSignals";

export function Room({ model, bearer }: { model: RoomModel; bearer: string | null }) {
  const view = useRoomView(model);
  usePageTitle(view.session.title);
  const [vim, setVim] = useVimPreference();
  const [dialog, setDialog] = useState<"invite" | "end" | null>(null);
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const onPaste = useSignalReporting(model, reportsSignals(view.me.role));
  const provider = useProvider(view.session.id, bearer);

  return (
    <div className="room" data-role={view.me.role}>
      <a className="skip-link" href="#editor">
        Skip to the editor
      </a>
      <RoomHeader view={view} onInvite={() => setDialog("invite")} onEnd={() => setDialog("end")} />
      <RoomBanner view={view} />
      <div className="room-body">
        <main className="room-editor room-editor-runs" id="editor" aria-label="Shared code editor">
          <EditorToolbar
            view={view}
            vim={vim}
            onVim={setVim}
            onLanguage={(language) => model.setLanguage(language)}
            onLock={(locked) => model.setLocked(locked)}
          />
          <div className="room-editor-surface" data-editable={view.canWriteCode} onPasteCapture={onPaste}>
            {view.loaded ? (
              <CodeEditor
                text={model.codeText}
                awareness={model.code.awareness}
                language={view.language}
                vim={vim}
                editable={model.codeEditable}
                label="Shared code"
                placeholder={view.canWriteCode ? "Start coding — everyone in the room sees your edits live." : undefined}
                onCursor={setCursor}
              />
            ) : (
              <LoadingState label="Loading the code…" />
            )}
            {isInterviewer(view.me.role) ? <LiveSignalToast model={model} /> : null}
          </div>
          <RunPanel model={model} view={view} bearer={bearer} />
          <EditorStatus view={view} cursor={cursor} vim={vim} />
        </main>
        <VideoSlot provider={provider} view={view} bearer={bearer} />
        <SidePanel model={model} view={view} vim={vim} bearer={bearer} provider={provider} />
      </div>
      <InviteDialog sessionId={view.session.id} open={dialog === "invite"} onClose={() => setDialog(null)} />
      <EndDialog open={dialog === "end"} onClose={() => setDialog(null)} onEnd={() => model.end()} />
    </div>
  );
}
