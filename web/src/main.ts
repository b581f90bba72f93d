import { describeHealth, fetchHealth } from "./health";

const status = document.getElementById("status");
if (status) {
  fetchHealth().then(
    (health) => (status.textContent = describeHealth(health)),
    (error: unknown) =>
      (status.textContent = describeHealth(error instanceof Error ? error : new Error(String(error)))),
  );
}
