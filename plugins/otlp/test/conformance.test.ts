import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

// Port 0: the default 4318 may be taken on a shared machine.
runPluginConformance(plugin, { config: { receiver: { port: 0 } } });
