// Hocuspocus server for the benchmark, optionally persisting to SQLite.
// Usage: node hocuspocus.mjs --host 127.0.0.1 --port P [--sqlite FILE]
// Documents are addressed by the name in each message's first varstring, not by the URL.
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : dflt
}
const host = opt('--host', '127.0.0.1')
const port = parseInt(opt('--port', '1234'), 10)
const sqliteFile = opt('--sqlite', null)

const extensions = []
if (sqliteFile) extensions.push(new SQLite({ database: sqliteFile }))

const server = new Server({
  address: host,
  port,
  quiet: true,
  stopOnSignals: true, // SIGTERM -> destroy(): closes connections and flushes pending stores
  extensions,
})
await server.listen()
console.log(`hocuspocus listening on ${host}:${port}${sqliteFile ? ` sqlite=${sqliteFile}` : ''}`)
