// A Binance-style upstream for the benchmark, run as a child process so it has its own core:
// on a SUBSCRIBE of the bench streams it pushes COUNT small JSON trade messages over them.
import { WebSocketServer } from 'ws';

const count = Number(process.argv[2] ?? 200_000);
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });

function trade(stream: string, n: number): string {
  const data = {
    e: 'trade',
    E: 1_700_000_000_000 + n,
    s: stream.toUpperCase(),
    t: n,
    p: '27123.45',
    q: '0.012',
    m: true,
  };
  return JSON.stringify({ stream: `${stream}@trade`, data });
}

server.on('connection', (socket) => {
  socket.on('message', (raw) => {
    const request = JSON.parse(String(raw)) as { method?: string; params?: string[] };
    const streams = (request.params ?? []).filter((name) => name.startsWith('sym'));
    if (request.method !== 'SUBSCRIBE' || streams.length === 0) return;
    const messages = Array.from({ length: 1_000 }, (_, n) =>
      trade(String(streams[n % streams.length]).split('@')[0] as string, n),
    );
    let sent = 0;
    const pump = () => {
      // A closed socket never drains: stop rather than spin (it starved the next rounds of CPU).
      if (socket.readyState !== socket.OPEN) return;
      // Send in slices and let the socket drain between them, so memory stays flat.
      while (sent < count && socket.bufferedAmount < 4 * 1024 * 1024) {
        socket.send(messages[sent % messages.length] as string);
        sent++;
      }
      if (sent < count) setImmediate(pump);
    };
    pump();
  });
});

server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'object' && address !== null) process.stdout.write(`${address.port}\n`);
});
