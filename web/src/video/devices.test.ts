import { describe, expect, it } from "vitest";
import { describeSwitchError, deviceOptions } from "./devices";

const listed = [
  { deviceId: "cam-a", label: "Front camera" },
  { deviceId: "cam-b", label: "" },
];

describe("in-call device pickers", () => {
  it("lists the devices, numbering those the browser gives no label", () => {
    expect(deviceOptions(listed, { deviceId: "cam-a", label: "Front camera" }, "Camera")).toEqual([
      { value: "cam-a", label: "Front camera" },
      { value: "cam-b", label: "Camera 2" },
    ]);
  });

  it("always offers the device in use, listed or not", () => {
    // Firefox lists no "default" microphone; before the list loads, nothing is listed.
    expect(deviceOptions([], { deviceId: "default", label: "Built-in" }, "Microphone")).toEqual([{ value: "default", label: "Built-in" }]);
    expect(deviceOptions(listed, { deviceId: "usb", label: "" }, "Camera")[0]).toEqual({ value: "usb", label: "Current camera" });
    expect(deviceOptions(listed, null, "Camera")).toHaveLength(2);
  });

  it("says why a switch failed and that the call keeps the old device", () => {
    const gone = describeSwitchError("camera", new DOMException("no such device", "OverconstrainedError"));
    expect(gone).toBe("That camera is no longer available (unplugged?). Still using the previous camera.");
    expect(describeSwitchError("microphone", new DOMException("", "NotAllowedError"))).toMatch(/^The browser blocked the microphone\..*previous microphone\.$/);
    expect(describeSwitchError("camera", new DOMException("", "NotReadableError"))).toMatch(/in use by another application/);
    expect(describeSwitchError("camera", "weird")).toBe("The camera could not be switched. Still using the previous camera.");
  });
});
