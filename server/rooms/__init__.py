"""The transport-agnostic core: rooms, their lifecycle, and who may join them."""
