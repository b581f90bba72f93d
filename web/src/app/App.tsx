import { DashboardPage } from "../pages/DashboardPage";
import { JoinPage } from "../pages/JoinPage";
import { LandingPage } from "../pages/LandingPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { SignInPage } from "../pages/SignInPage";
import { SignUpPage } from "../pages/SignUpPage";
import { lazy, Suspense } from "react";
import { LoadingState } from "../ui/States";
import { ErrorBoundary } from "./ErrorBoundary";
import { useRoute } from "../nav/router";

// The room (CodeMirror, Yjs) is its own chunk: sign-in, dashboard and join pages load fast.
const RoomPage = lazy(() => import("../pages/RoomPage").then((m) => ({ default: m.RoomPage })));
const ReplayPage = lazy(() => import("../pages/ReplayPage").then((m) => ({ default: m.ReplayPage })));

export function App() {
  const route = useRoute();
  let page;
  switch (route.name) {
    case "landing":
      page = <LandingPage />;
      break;
    case "signin":
      page = <SignInPage next={route.next} />;
      break;
    case "signup":
      page = <SignUpPage next={route.next} />;
      break;
    case "dashboard":
      page = <DashboardPage />;
      break;
    case "room":
      page = <RoomPage key={route.sessionId} sessionId={route.sessionId} />;
      break;
    case "join":
      page = <JoinPage key={route.sessionId} sessionId={route.sessionId} invite={route.invite} />;
      break;
    case "replay":
      page = <ReplayPage key={route.sessionId} sessionId={route.sessionId} />;
      break;
    case "not-found":
      page = <NotFoundPage />;
      break;
  }
  return (
    <ErrorBoundary key={route.name}>
      <Suspense fallback={<LoadingState label="Opening the interview…" full />}>{page}</Suspense>
    </ErrorBoundary>
  );
}
