import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

// Nothing listens on port 9 of loopback: the plugin keeps retrying, which must not hold up start or stop.
runPluginConformance(plugin, { config: { upstreams: [{ url: 'ws://127.0.0.1:9/stream' }] } });
