import { runPluginConformance } from '@outrider/testing';
import { plugin } from '../src/index.js';

// Port 9 (discard) is closed on loopback: probes fail fast with `connect`, which is all the contract needs.
runPluginConformance(plugin, { config: { targets: [{ url: 'http://127.0.0.1:9/health' }] } });
