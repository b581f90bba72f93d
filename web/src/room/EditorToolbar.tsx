import type { RoomView } from "../collab/room";
import { canChangeSettings } from "../auth/permissions";
import { LANGUAGES, languageLabel, type LanguageId } from "../editor/languages";
import { KeyboardIcon, LockIcon, UnlockIcon } from "../ui/icons";

interface Props {
  view: RoomView;
  vim: boolean;
  onVim: (on: boolean) => void;
  onLanguage: (language: LanguageId) => void;
  onLock: (locked: boolean) => void;
}

export function EditorToolbar({ view, vim, onVim, onLanguage, onLock }: Props) {
  const { me, language, locked, ended } = view;
  const settings = canChangeSettings(me.role) && !ended;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      <div className="editor-toolbar-group">
        {settings ? (
          <>
            <label className="sr-only" htmlFor="language">
              Language
            </label>
            <select id="language" className="select select-sm" value={language} onChange={(e) => onLanguage(e.target.value as LanguageId)}>
              {LANGUAGES.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="pill" data-language={language} title="The interviewer chooses the language">
            {languageLabel(language)}
          </span>
        )}
        {settings ? (
          <button
            className={locked ? "btn btn-sm btn-toggle on" : "btn btn-sm btn-toggle"}
            type="button"
            aria-pressed={locked}
            onClick={() => onLock(!locked)}
            title={locked ? "The candidate cannot type. Click to let them edit again." : "Stop the candidate from editing"}
          >
            {locked ? <LockIcon size={14} /> : <UnlockIcon size={14} />}
            {locked ? "Locked for candidate" : "Lock editor"}
          </button>
        ) : null}
      </div>
      <div className="editor-toolbar-group">
        <button
          className={vim ? "btn btn-sm btn-toggle on" : "btn btn-sm btn-toggle"}
          type="button"
          aria-pressed={vim}
          onClick={() => onVim(!vim)}
          title="Vim keybindings (only for you)"
        >
          <KeyboardIcon size={14} /> Vim
        </button>
      </div>
    </div>
  );
}
