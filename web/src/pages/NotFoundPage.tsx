import { Link } from "../nav/Link";
import { ErrorState } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <ErrorState
      full
      title="This page does not exist"
      message="Check the address, or head back to your interviews."
      actions={
        <Link className="btn btn-primary" href="/">
          Go to CodeSync
        </Link>
      }
    />
  );
}
