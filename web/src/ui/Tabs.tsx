import { useRef, type KeyboardEvent, type ReactNode } from "react";

export interface Tab<K extends string> {
  key: K;
  label: string;
  icon?: ReactNode;
  badge?: number;
  count?: string;
}

/** WAI-ARIA tabs: Left/Right/Home/End move between tabs, the panel follows. */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  idPrefix,
  label,
}: {
  tabs: Tab<K>[];
  active: K;
  onChange: (key: K) => void;
  idPrefix: string;
  label: string;
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.key === active);
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : -1;
    const tab = tabs[next];
    if (next < 0 || !tab) return;
    event.preventDefault();
    onChange(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.key}
          ref={(el) => {
            if (el) refs.current.set(tab.key, el);
          }}
          id={`${idPrefix}-tab-${tab.key}`}
          className="tab"
          role="tab"
          type="button"
          aria-selected={tab.key === active}
          aria-controls={`${idPrefix}-panel-${tab.key}`}
          tabIndex={tab.key === active ? 0 : -1}
          onClick={() => onChange(tab.key)}
          data-tab={tab.key}
          title={tab.label}
        >
          {tab.icon}
          <span className="tab-label">{tab.label}</span>
          {tab.count ? <span className="tab-count">{tab.count}</span> : null}
          {tab.badge ? (
            <span className="badge" aria-label={`${tab.badge} unread`} data-testid={`${tab.key}-badge`}>
              {tab.badge > 99 ? "99+" : tab.badge}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
