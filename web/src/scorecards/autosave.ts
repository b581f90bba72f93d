/** Saves the latest value a short while after the last change, one save at a time; a
 * change made while a save is in flight is saved right after it. */
export type SaveStatus = "saved" | "pending" | "saving" | "error";

export interface AutosaveState {
  status: SaveStatus;
  error: string | null;
}

export const AUTOSAVE_DELAY_MS = 800;
export const RETRY_DELAY_MS = 5000;

export class Autosaver<T> {
  private state: AutosaveState = { status: "saved", error: null };
  private latest: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly save: (value: T) => Promise<unknown>,
    private readonly onState: (state: AutosaveState) => void,
    private readonly describe: (error: unknown) => string,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {}

  change(value: T): void {
    this.latest = value;
    this.dirty = true;
    if (this.state.status !== "saving") this.set({ status: "pending", error: null });
    this.schedule(this.delayMs);
  }

  /** Save now (before a submit) and wait; rejects if the save fails. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.dirty) await this.run(true);
  }

  get current(): AutosaveState {
    return this.state;
  }

  dispose(): void {
    this.clearTimer();
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run(false);
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(rethrow: boolean): Promise<void> {
    if (this.inFlight) return; // the save in flight re-runs when it sees `dirty`
    if (!this.dirty || this.latest === null) return;
    const value = this.latest;
    this.dirty = false;
    this.set({ status: "saving", error: null });
    const attempt = this.save(value).then(
      () => {
        this.inFlight = null;
        if (this.dirty) void this.run(false);
        else this.set({ status: "saved", error: null });
      },
      (error: unknown) => {
        this.inFlight = null;
        this.dirty = true;
        this.set({ status: "error", error: this.describe(error) });
        this.schedule(RETRY_DELAY_MS);
        throw error;
      },
    );
    this.inFlight = attempt.catch(() => undefined);
    if (rethrow) await attempt;
    else await attempt.catch(() => undefined);
  }

  private set(state: AutosaveState): void {
    this.state = state;
    this.onState(state);
  }
}
