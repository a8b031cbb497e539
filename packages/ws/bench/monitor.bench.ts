// A ws server broadcasting small JSON messages to 50 clients (in another process), with and
// without WebSocketMonitor attached: the server's CPU time per delivered message until every
// client has all of them. One process, rounds alternating the two sides.
// Run after a build: npm run bench -w @outrider/ws
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { WebSocketMonitor } from '../dist/index.js';

const CLIENTS = 50;
const MESSAGES = 400;

/** Server CPU µs per delivered message, for one broadcast run. */
async function broadcast(monitored: boolean): Promise<number> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const monitor = monitored ? new WebSocketMonitor({ registry: new Registry(), heartbeat: false }) : undefined;
  monitor?.attach(server, 'prices');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const script = fileURLToPath(new URL('./broadcast-clients.ts', import.meta.url));
  const clients = spawn(process.execPath, [script, url, String(CLIENTS), String(MESSAGES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(clients.stdout, 'data');
    let done = 0;
    const finished = new Promise<void>((resolve) => {
      for (const socket of server.clients) {
        socket.on('message', () => {
          if (++done === CLIENTS) resolve();
        });
      }
    });
    const messages = Array.from({ length: 100 }, (_, n) =>
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', t: n, p: '27123.45', q: '0.012', m: true } }),
    );
    const cpu = process.cpuUsage();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const pump = () => {
        // One message to every client per step, in slices, letting sockets drain.
        for (let slice = 0; slice < 50 && sent < MESSAGES; slice++, sent++) {
          const text = messages[sent % messages.length] as string;
          for (const socket of server.clients) socket.send(text);
        }
        if (sent < MESSAGES) setImmediate(pump);
        else resolve();
      };
      pump();
    });
    await finished;
    const used = process.cpuUsage(cpu);
    if (monitored && monitor?.stats().prices?.messagesOut !== MESSAGES * CLIENTS) throw new Error('monitor miscounted');
    return (used.user + used.system) / (MESSAGES * CLIENTS);
  } finally {
    clients.kill();
    monitor?.close();
    for (const socket of server.clients) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
}

const rows = [
  await compare({
    row: `server broadcast to ${CLIENTS} clients, ${MESSAGES.toLocaleString('en')} messages each: server CPU per delivery`,
    unit: 'µs',
    anchorName: 'raw ws server',
    goal: { on: 'ratio', op: '<=', value: 1.1 },
    rounds: 7,
    ours: () => broadcast(true),
    anchor: () => broadcast(false),
  }),
];
report('@outrider/ws: WebSocketMonitor on a broadcasting server', rows);
