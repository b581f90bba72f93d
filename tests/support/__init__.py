"""What the suites share: API and Yjs clients, server processes, throw-away services
(redis-server), a fault-injecting proxy, the panel of an interview."""
