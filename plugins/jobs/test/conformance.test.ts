import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

runPluginConformance(plugin, {
  config: {
    jobs: {
      ping: { kind: 'http', url: 'http://127.0.0.1:9/health', every: '1h' },
      cleanup: { kind: 'command', command: process.execPath, args: ['-e', '0'], cron: '7 3 * * *' },
    },
  },
  invalidConfig: { config: { jobs: { ping: { kind: 'http', every: '31s' } } }, path: 'jobs.ping.url' },
});
