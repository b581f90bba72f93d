// Minimal in-memory @y/websocket-server (reference y-websocket server) for the benchmark.
// Usage: node y_websocket_server.mjs --host 127.0.0.1 --port P
// Room name = URL path without the leading slash (the package's default).
import http from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : dflt
}
const host = opt('--host', '127.0.0.1')
const port = parseInt(opt('--port', '1234'), 10)

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('ok')
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (conn, req) => setupWSConnection(conn, req, { gc: true }))
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
server.listen(port, host, () => console.log(`y-websocket-server listening on ${host}:${port}`))
