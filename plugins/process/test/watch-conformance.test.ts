import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

// Watch mode: the test runner's own process.
runPluginConformance(plugin, {
  config: { pid: process.pid },
  invalidConfig: { config: { pid: -1 }, path: 'pid' },
});
