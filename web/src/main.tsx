import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { registerServiceWorker } from "./app/serviceWorker";
import "./styles/tokens.css";
import "./styles/base.css";
import "./pages/auth.css";
import "./pages/landing.css";
import "./pages/join.css";
import "./dashboard/dashboard.css";
import "./room/room.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
registerServiceWorker();
