// The receiving side of monitor.bench.ts, in its own process: CLIENTS sockets to the URL in argv;
// each says `done` once it has received COUNT messages. Prints `ready` when all are open.
import { WebSocket } from 'ws';

const [url = '', clients = '100', count = '1000'] = process.argv.slice(2);
const expected = Number(count);
let open = 0;
for (let n = 0; n < Number(clients); n++) {
  const socket = new WebSocket(url);
  let received = 0;
  socket.on('open', () => {
    if (++open === Number(clients)) process.stdout.write('ready\n');
  });
  socket.on('message', () => {
    if (++received === expected) socket.send('done');
  });
  socket.on('error', (error) => {
    console.error(`client ${n}: ${error.message}`);
    process.exit(1);
  });
}
