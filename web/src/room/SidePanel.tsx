import { useEffect, useState } from "react";
import type { RoomModel, RoomView } from "../collab/room";
import { canManage, canSeeNotes, isInterviewer } from "../auth/permissions";
import { ReportLinks } from "../reports/ReportLinks";
import { ScorecardPanel } from "../scorecards/ScorecardPanel";
import type { Provider } from "../stream/credentials";
import { ChatSlot } from "./slots";
import { LiveSignalList } from "../signals/SignalList";
import { ChatIcon, CheckIcon, DocIcon, NotesIcon, UsersIcon } from "../ui/icons";
import { Tabs, type Tab } from "../ui/Tabs";
import { NotesPanel } from "./NotesPanel";
import { PeoplePanel } from "./PeoplePanel";
import { ProblemPanel } from "./ProblemPanel";

type PanelKey = "problem" | "chat" | "notes" | "people" | "scorecard";

export function SidePanel({
  model,
  view,
  vim,
  bearer,
  provider,
}: {
  model: RoomModel;
  view: RoomView;
  vim: boolean;
  bearer: string | null;
  provider: Provider;
}) {
  const [active, setActive] = useState<PanelKey>("problem");
  const [streamUnread, setStreamUnread] = useState(0); // the document's chat counts its own
  useEffect(() => {
    model.setChatVisible(active === "chat");
  }, [model, active]);

  const online = view.people.filter((p) => p.online).length;
  const tabs: Tab<PanelKey>[] = [
    { key: "problem", label: "Problem", icon: <DocIcon size={14} /> },
    { key: "chat", label: "Chat", icon: <ChatIcon size={14} />, badge: provider.kind === "stream" ? streamUnread : view.unread },
    ...(canSeeNotes(view.me.role) ? [{ key: "notes" as const, label: "Notes", icon: <NotesIcon size={14} /> }] : []),
    { key: "people", label: "People", icon: <UsersIcon size={14} />, count: String(online) },
    ...(isInterviewer(view.me.role) ? [{ key: "scorecard" as const, label: "Scorecard", icon: <CheckIcon size={14} /> }] : []),
  ];
  return (
    <aside className="room-side" aria-label="Interview panels">
      <Tabs tabs={tabs} active={active} onChange={setActive} idPrefix="side" label="Interview panels" />
      {tabs.map((tab) => (
        <section
          key={tab.key}
          id={`side-panel-${tab.key}`}
          role="tabpanel"
          aria-labelledby={`side-tab-${tab.key}`}
          className="side-panel"
          hidden={tab.key !== active}
        >
          {tab.key === "problem" ? <ProblemPanel model={model} view={view} bearer={bearer} /> : null}
          {tab.key === "chat" ? <ChatSlot provider={provider} model={model} view={view} visible={active === "chat"} onUnread={setStreamUnread} /> : null}
          {/* Notes stay mounted (hidden) so switching tabs keeps the editor and its undo. */}
          {tab.key === "notes" ? <NotesPanel model={model} view={view} vim={vim} /> : null}
          {tab.key === "people" ? (
            <div className="people-and-signals">
              <PeoplePanel view={view} />
              {isInterviewer(view.me.role) ? <LiveSignalList model={model} /> : null}
            </div>
          ) : null}
          {tab.key === "scorecard" ? (
            <div className="scorecard-tab">
              <ReportLinks sessionId={view.session.id} />
              <ScorecardPanel sessionId={view.session.id} isHost={canManage(view.me.role)} />
            </div>
          ) : null}
        </section>
      ))}
    </aside>
  );
}
