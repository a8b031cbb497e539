import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

// Supervise mode: a real node child that runs until the plugin stops it.
runPluginConformance(plugin, {
  config: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], stopGrace: '2s' },
  invalidConfig: { config: { command: 'outrider-no-such-command' }, path: 'command' },
});
