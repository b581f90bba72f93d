import type { User } from "../api/types";
import { navigate } from "../nav/router";
import { signOut } from "../auth/account";
import { Avatar } from "./Avatar";
import { LogoutIcon } from "./icons";
import { Logo } from "./Logo";

/** The top bar of the interviewer's pages (not the room, which has its own). */
export function AppHeader({ user }: { user: User }) {
  const out = async () => {
    await signOut().catch(() => undefined);
    navigate("/signin", { replace: true });
  };
  return (
    <header className="app-header">
      <Logo href="/dashboard" />
      <div className="app-header-user">
        <Avatar userId={user.id} name={user.name} size={30} />
        <div className="app-header-who">
          <span>{user.name}</span>
          <span className="faint">{user.email}</span>
        </div>
        <button className="btn btn-ghost btn-sm" type="button" onClick={out}>
          <LogoutIcon size={15} />
          Sign out
        </button>
      </div>
    </header>
  );
}
