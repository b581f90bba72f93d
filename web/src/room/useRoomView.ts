import { useSyncExternalStore } from "react";
import type { RoomModel, RoomView } from "../collab/room";

export function useRoomView(model: RoomModel): RoomView {
  return useSyncExternalStore(model.subscribe, model.getView);
}
