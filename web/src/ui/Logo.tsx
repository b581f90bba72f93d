import { Link } from "../nav/Link";

function Mark() {
  return (
    <>
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path
          d="M12.5 10 7 16l5.5 6M19.5 10 25 16l-5.5 6"
          fill="none"
          stroke="var(--accent-ink)"
          strokeWidth="3"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span>CodeSync</span>
    </>
  );
}

/** The brand mark; a link home unless `href` is null (guests have no home page). */
export function Logo({ href = "/" }: { href?: string | null }) {
  if (href === null) {
    return (
      <span className="logo">
        <Mark />
      </span>
    );
  }
  return (
    <Link href={href} className="logo" aria-label="CodeSync home">
      <Mark />
    </Link>
  );
}
