// A scripted y-websocket client for interop tests, driven by JSON lines.
//
//   node client.mjs <serverUrl> <room> [name] [optionsJson]
//   e.g. node client.mjs ws://127.0.0.1:8000/yjs s1/code alice '{"params":{"token":"..."}}'
//
// stdin:  one JSON command per line, {"id": 1, "cmd": "...", ...}
// stdout: one JSON object per line: answers {"id": 1, "ok": true, ...} / {"id": 1, "ok": false,
//         "error": "..."} and unsolicited events {"event": "...", ...}.
// Events: ready, status, sync, close (every closed socket; code null + local:true when we closed
// it ourselves), closed (terminal close: the server sent 4400-4499, y-websocket stops
// reconnecting), error (connection-error), awareness (remote awareness changes), uncaught.
// optionsJson may set params, protocols, maxBackoffTime, resyncInterval for the provider.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as readline from 'node:readline'

const [serverUrl, room, name = 'node', optionsJson = '{}'] = process.argv.slice(2)
if (!serverUrl || !room) {
  process.stderr.write('usage: node client.mjs <serverUrl> <room> [name] [optionsJson]\n')
  process.exit(2)
}
const extra = JSON.parse(optionsJson)

const out = (obj) => {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

process.on('uncaughtException', (err) => {
  out({ event: 'uncaught', error: String(err && err.stack ? err.stack : err) })
})
process.on('unhandledRejection', (err) => {
  out({ event: 'uncaught', error: String(err && err.stack ? err.stack : err) })
})

const doc = new Y.Doc()
const ytext = doc.getText('code')
const providerOpts = {
  WebSocketPolyfill: WebSocket,
  connect: true,
  // each client is its own process anyway; never let two providers sync around the server
  disableBc: true
}
for (const key of ['params', 'protocols', 'maxBackoffTime', 'resyncInterval']) {
  if (key in extra) providerOpts[key] = extra[key]
}
const provider = new WebsocketProvider(serverUrl, room, doc, providerOpts)
const awareness = provider.awareness
awareness.setLocalState({ user: { name } })

provider.on('status', ({ status }) => out({ event: 'status', status }))
provider.on('sync', (synced) => out({ event: 'sync', synced }))
provider.on('connection-close', (event) => {
  out({
    event: 'close',
    code: event ? event.code : null,
    reason: event ? String(event.reason ?? '') : '',
    local: event == null
  })
})
provider.on('closed', ({ code, reason }) => out({ event: 'closed', code, reason: String(reason) }))
provider.on('connection-error', (event) => {
  out({ event: 'error', message: String((event && (event.message || event.error)) || event) })
})
awareness.on('change', ({ added, updated, removed }) => {
  const others = (ids) => ids.filter((id) => id !== doc.clientID)
  const a = others(added)
  const u = others(updated)
  const r = others(removed)
  if (a.length + u.length + r.length > 0) {
    out({ event: 'awareness', added: a, updated: u, removed: r })
  }
})

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// mulberry32: tiny seeded PRNG, deterministic across runs
const mulberry32 = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const status = () =>
  provider.wsconnected ? 'connected' : provider.wsconnecting ? 'connecting' : 'disconnected'

const clamp = (n, lo, hi) => Math.max(lo, Math.min(hi, n))

// resolve when cond() holds, re-checked on every doc update; reject after timeoutMs (if given)
const waitFor = (cond, subscribe, timeoutMs, describe) =>
  new Promise((resolve, reject) => {
    if (cond()) return resolve()
    let timer = null
    const check = () => {
      if (cond()) {
        unsubscribe()
        if (timer) clearTimeout(timer)
        resolve()
      }
    }
    const unsubscribe = subscribe(check)
    if (timeoutMs != null && timeoutMs >= 0) {
      timer = setTimeout(() => {
        unsubscribe()
        reject(new Error(`timeout after ${timeoutMs} ms: ${describe()}`))
      }, timeoutMs)
    }
  })

const onDocUpdate = (fn) => {
  doc.on('update', fn)
  return () => doc.off('update', fn)
}
const onSync = (fn) => {
  provider.on('sync', fn)
  return () => provider.off('sync', fn)
}

let closing = null
const closeAndExit = () => {
  if (!closing) closing = destroyAll()
  return closing
}
const destroyAll = async () => {
  const ws = provider.ws
  provider.destroy()
  if (ws && ws.readyState !== WebSocket.CLOSED) {
    // let the close handshake finish so the server sees a clean close
    await Promise.race([new Promise((resolve) => ws.once('close', resolve)), sleep(1000)])
  }
  doc.destroy()
}

const handlers = {
  wait_synced: async (c) => {
    await waitFor(() => provider.synced, onSync, c.timeout_ms, () => `status=${status()}`)
    return { synced: true }
  },
  insert: async (c) => {
    const index = clamp(Number(c.index ?? 0), 0, ytext.length)
    ytext.insert(index, String(c.text ?? ''))
    return { length: ytext.length }
  },
  delete: async (c) => {
    const index = clamp(Number(c.index ?? 0), 0, ytext.length)
    const len = clamp(Number(c.length ?? 0), 0, ytext.length - index)
    ytext.delete(index, len)
    return { length: ytext.length }
  },
  insert_random: async (c) => {
    const count = Number(c.count ?? 1)
    const token = String(c.token ?? 'x')
    const interval = Number(c.interval_ms ?? 0)
    const rand = mulberry32(Number(c.seed ?? 1))
    for (let i = 0; i < count; i++) {
      const pos = Math.floor(rand() * (ytext.length + 1))
      doc.transact(() => ytext.insert(pos, token))
      if (interval > 0 && i < count - 1) await sleep(interval)
    }
    return { length: ytext.length }
  },
  text: async () => ({ text: ytext.toString() }),
  state: async () => {
    const others = Array.from(awareness.getStates().entries()).filter(
      ([id]) => id !== doc.clientID
    )
    return {
      status: status(),
      synced: provider.synced,
      awareness: others.map(([, state]) => state),
      awareness_ids: others.map(([id]) => id),
      client_id: doc.clientID
    }
  },
  wait_text: async (c) => {
    const timeoutMs = c.timeout_ms ?? 10000
    let cond
    if (c.contains != null) {
      const needle = String(c.contains)
      cond = () => ytext.toString().includes(needle)
    } else if (c.length != null) {
      const n = Number(c.length)
      cond = () => ytext.length === n
    } else {
      throw new Error('wait_text needs "contains" or "length"')
    }
    await waitFor(cond, onDocUpdate, timeoutMs, () =>
      `length=${ytext.length} text=${JSON.stringify(ytext.toString().slice(0, 200))}`
    )
    return { text: ytext.toString() }
  },
  set_awareness: async (c) => {
    awareness.setLocalStateField(String(c.field), c.value)
    return {}
  },
  set_params: async (c) => {
    provider.params = c.params ?? {}
    return {}
  },
  disconnect: async () => {
    provider.disconnect()
    return { status: status() }
  },
  connect: async () => {
    provider.connect()
    return { status: status() }
  },
  close: async () => {
    await closeAndExit()
    return {}
  }
}

const handle = async (line) => {
  let cmd
  try {
    cmd = JSON.parse(line)
  } catch (err) {
    out({ id: null, ok: false, error: `bad JSON: ${err.message}` })
    return
  }
  const id = cmd.id ?? null
  const handler = handlers[cmd.cmd]
  if (!handler) {
    out({ id, ok: false, error: `unknown cmd ${JSON.stringify(cmd.cmd)}` })
    return
  }
  try {
    const result = await handler(cmd)
    out({ id, ok: true, ...result })
  } catch (err) {
    out({ id, ok: false, error: String(err && err.message ? err.message : err) })
  }
  if (cmd.cmd === 'close') process.exit(0)
}

const rl = readline.createInterface({ input: process.stdin, terminal: false })
rl.on('line', (line) => {
  if (line.trim()) handle(line)
})
rl.on('close', async () => {
  // parent went away: leave cleanly
  await closeAndExit()
  process.exit(0)
})

out({ event: 'ready', client_id: doc.clientID, url: provider.url })
