import { describe, expect, it } from 'vitest';
import { configDir, runCli } from './sidecar-process.js';

interface Options {
  env?: Record<string, string>;
  args?: string[];
  code?: number;
  /** The file is not valid YAML: the problems are the parser's, with the file's full path. */
  syntax?: boolean;
}

/**
 * Broken configs, each run once through the real CLI (`outrider validate`): every problem it holds
 * comes out in that one run, in reading order, each with its position (file:line:col or the
 * variable), its path, what was expected and what was found. `<dir>` is the config's folder.
 */
const CASES: [name: string, yaml: string, problems: string[], options?: Options][] = [
  [
    'YAML: an unclosed flow sequence',
    'server: [unclosed\n',
    ['  - <dir>/outrider.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    { syntax: true },
  ],
  [
    'YAML: a tab for indentation',
    'server:\n\tport: 1\n',
    ['  - <dir>/outrider.yaml:2:1: Tabs are not allowed as indentation'],
    { syntax: true },
  ],
  [
    'YAML: a key given twice',
    'server: {}\nlog: {}\nserver: {}\n',
    ['  - <dir>/outrider.yaml:3:1: Map keys must be unique'],
    { syntax: true },
  ],
  [
    'YAML: an unterminated quote',
    'log:\n  level: "info\n',
    ['  - <dir>/outrider.yaml:3:1: Missing closing "quote'],
    { syntax: true },
  ],
  [
    'type: a port that is text',
    'server:\n  port: high\n',
    ['  - outrider.yaml:2:3: server.port: expected number, found "high"'],
  ],
  [
    'type: a port out of range',
    'server:\n  port: 70000\n',
    ['  - outrider.yaml:2:3: server.port: expected a number <= 65535, found 70000'],
  ],
  [
    'type: a log level not in the list',
    'log:\n  level: loud\n',
    [
      '  - outrider.yaml:2:3: log.level: expected one of "trace", "debug", "info", "warn", "error", "fatal", "silent", found "loud"',
    ],
  ],
  [
    'type: a host that is a number',
    'server:\n  host: 5\n',
    ['  - outrider.yaml:2:3: server.host: expected string, found 5'],
  ],
  [
    'type: a duration that does not parse',
    'shutdown:\n  timeout: lots\n',
    [
      `  - outrider.yaml:2:3: shutdown.timeout: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found "lots"`,
    ],
  ],
  [
    'type: stateDir as a list',
    'stateDir: [a, b]\n',
    ['  - outrider.yaml:1:1: stateDir: expected string, found a list of 2'],
  ],
  [
    'type: plugins as a list',
    'plugins: [otlp]\n',
    ['  - outrider.yaml:1:1: plugins: expected record, found a list of 1'],
  ],
  [
    'type: an instance name that is not kebab-case',
    'plugins:\n  My_App: { use: otlp }\n',
    ['  - outrider.yaml:2:3: plugins.My_App: expected a kebab-case instance name (a-z, 0-9, -), found "My_App"'],
  ],
  [
    'type: required that is not a boolean',
    'plugins:\n  otlp:\n    required: maybe\n',
    ['  - outrider.yaml:3:5: plugins.otlp.required: expected boolean, found "maybe"'],
  ],
  [
    'type: a negative maxRestarts',
    'plugins:\n  otlp:\n    restart: { maxRestarts: -1 }\n',
    ['  - outrider.yaml:3:16: plugins.otlp.restart.maxRestarts: expected a number >= 0, found -1'],
  ],
  [
    'type: a secret of the wrong type is not echoed',
    'admin:\n  token: 12345\n',
    ['  - outrider.yaml:2:3: admin.token: expected string, found ***'],
  ],
  [
    'unknown keys: misspelled server keys and a top-level key',
    'server:\n  prot: 9464\n  hots: 0.0.0.0\nlogg: {}\n',
    [
      '  - outrider.yaml:2:3: server.prot: expected one of host, port, bodyLimitBytes, requestTimeout, allowedHosts, idleTimeout, maxConnections, found unknown key "prot" (did you mean "port"?)',
      '  - outrider.yaml:3:3: server.hots: expected one of host, port, bodyLimitBytes, requestTimeout, allowedHosts, idleTimeout, maxConnections, found unknown key "hots" (did you mean "host"?)',
      '  - outrider.yaml:4:1: logg: expected one of server, admin, log, stateDir, shutdown, ui, redis, plugins, found unknown key "logg" (did you mean "log"?)',
    ],
  ],
  [
    'unknown keys: in a restart policy',
    'plugins:\n  otlp:\n    restart: { maxRestart: 3 }\n',
    [
      '  - outrider.yaml:3:16: plugins.otlp.restart.maxRestart: expected one of maxRestarts, window, minDelay, maxDelay, found unknown key "maxRestart" (did you mean "maxRestarts"?)',
    ],
  ],
  [
    'unknown keys: in the otlp plugin',
    'plugins:\n  otlp:\n    recevier: { port: 4318 }\n',
    [
      '  - outrider.yaml:3:5: plugins.otlp.recevier: expected one of receiver, limits, queue, exporter, memory, metrics, found unknown key "recevier" (did you mean "receiver"?)',
    ],
  ],
  [
    'unknown keys: in an http-probe target',
    'plugins:\n  probes:\n    use: http-probe\n    targets:\n      - url: http://127.0.0.1:3000/health\n        intervl: 5s\n',
    [
      '  - outrider.yaml:6:9: plugins.probes.targets.0.intervl: expected one of name, url, method, headers, body, expectStatus, bodyMatch, interval, timeout, insecureSkipVerify, found unknown key "intervl" (did you mean "interval"?)',
    ],
  ],
  [
    'unknown keys: in a job',
    'plugins:\n  jobs:\n    jobs:\n      ping:\n        kind: http\n        url: http://127.0.0.1:3000/\n        evrey: 31s\n',
    [
      '  - outrider.yaml:4:7: plugins.jobs.jobs.ping.every: set exactly one of every or cron, found nothing',
      '  - outrider.yaml:7:9: plugins.jobs.jobs.ping.evrey: expected one of kind, every, cron, timezone, maxInstances, coalesce, timeout, jitter, paused, url, method, headers, body, expectStatus, command, args, cwd, env, shell, killGrace, found unknown key "evrey" (did you mean "every"?)',
    ],
  ],
  [
    'unknown keys: in the process plugin',
    'plugins:\n  app:\n    use: process\n    comand: node\n',
    [
      '  - outrider.yaml:2:3: plugins.app: set one of pid, pidFile (watch) or command (supervise), found an object',
      '  - outrider.yaml:4:5: plugins.app.comand: expected one of pid, pidFile, command, args, cwd, env, autoRestart, backoff, stopGrace, logLines, maxLineLength, forwardLogs, found unknown key "comand" (did you mean "command"?)',
    ],
  ],
  [
    'unknown keys: in the ws-monitor plugin',
    'plugins:\n  ws:\n    use: ws-monitor\n    upstream: []\n',
    [
      '  - outrider.yaml:4:5: plugins.ws.upstream: expected one of upstreams, found unknown key "upstream" (did you mean "upstreams"?)',
    ],
  ],
  [
    'plugin values: a probe URL that is not a URL',
    'plugins:\n  probes:\n    use: http-probe\n    targets: [{ url: notaurl }]\n',
    ['  - outrider.yaml:4:17: plugins.probes.targets.0.url: expected an http:// or https:// URL, found ***'],
  ],
  [
    'plugin values: a job with a bad interval and both every and cron',
    'plugins:\n  jobs:\n    jobs:\n      a:\n        kind: http\n        url: http://127.0.0.1:3000/\n        every: lots\n      b:\n        kind: http\n        url: http://127.0.0.1:3000/\n        every: 5s\n        cron: "* * * * *"\n',
    [
      `  - outrider.yaml:7:9: plugins.jobs.jobs.a.every: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found "lots"`,
      '  - outrider.yaml:11:9: plugins.jobs.jobs.b.every: set exactly one of every or cron, found "5s"',
    ],
  ],
  [
    'plugin values: a job kind that does not exist',
    'plugins:\n  jobs:\n    jobs:\n      a:\n        kind: ftp\n        every: 5s\n',
    ['  - outrider.yaml:5:9: plugins.jobs.jobs.a.kind: expected one of "http", "command", found "ftp"'],
  ],
  [
    'plugin values: a command that does not exist',
    'plugins:\n  app:\n    use: process\n    command: /nonexistent/bin/server\n',
    [
      '  - outrider.yaml:4:5: plugins.app.command: command "/nonexistent/bin/server" (/nonexistent/bin/server) does not exist or is not executable, found "/nonexistent/bin/server"',
    ],
  ],
  [
    'plugin values: an OTLP port that is text and an ftp endpoint',
    'plugins:\n  otlp:\n    receiver: { port: x }\n    exporter: { endpoint: "ftp://collector" }\n',
    [
      '  - outrider.yaml:3:17: plugins.otlp.receiver.port: expected number, found "x"',
      '  - outrider.yaml:4:17: plugins.otlp.exporter.endpoint: expected a URL, found "ftp://collector"',
    ],
  ],
  [
    'plugin values: an http URL for a WebSocket upstream',
    'plugins:\n  ws:\n    use: ws-monitor\n    upstreams: [{ url: "http://127.0.0.1:1/" }]\n',
    ['  - outrider.yaml:4:19: plugins.ws.upstreams.0.url: expected a ws:// or wss:// URL, found "http://127.0.0.1:1/"'],
  ],
  [
    'plugins: an unknown plugin and an unknown dependency',
    'plugins:\n  x:\n    use: nope\n  otlp:\n    dependsOn: [htpp]\n',
    [
      '  - outrider.yaml:3:5: plugins.x.use: cannot find plugin "nope" (looked for nope); built-in plugins are otlp, process, http-probe, ws-monitor, jobs',
      '  - outrider.yaml:5:17: plugins.otlp.dependsOn.0: expected the name of a plugin instance or http, scheduler, dashboards, found "htpp" (did you mean "http"?)',
    ],
  ],
  [
    'plugins: a dependency cycle',
    'plugins:\n  a: { use: otlp, dependsOn: [b] }\n  b: { use: otlp, dependsOn: [a] }\n',
    ['  - outrider.yaml:1:1: plugins: expected no dependency cycle, found a -> b -> a'],
  ],
  [
    "env: a variable that does not parse, next to the file's problems",
    'log:\n  level: loud\n',
    [
      '  - outrider.yaml:2:3: log.level: expected one of "trace", "debug", "info", "warn", "error", "fatal", "silent", found "loud"',
      '  - env OUTRIDER_SERVER__PORT: server.port: expected a number, found "abc"',
    ],
    { env: { OUTRIDER_SERVER__PORT: 'abc' } },
  ],
  [
    'env: a misnamed variable is an error under --strict',
    'plugins: {}\n',
    ['  - env OUTRIDER_SERVER_PORT: matches no config key (did you mean OUTRIDER_SERVER__PORT?)'],
    { env: { OUTRIDER_SERVER_PORT: '9465' }, args: ['--strict'] },
  ],
  [
    'env: a misnamed variable is a warning without --strict',
    'plugins: {}\n',
    [
      'outrider validate: warning: env OUTRIDER_SERVR__PORT matches no config key (did you mean OUTRIDER_SERVER__PORT?)',
    ],
    { env: { OUTRIDER_SERVR__PORT: '9465' }, code: 0 },
  ],
  [
    'env: a plugin variable that does not parse',
    'plugins:\n  otlp: {}\n',
    ['  - env OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT: plugins.otlp.receiver.port: expected a number, found "x"'],
    { env: { OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT: 'x' } },
  ],
  [
    'env: a misspelled plugin key under --strict',
    'plugins:\n  otlp: {}\n',
    [
      '  - env OUTRIDER_PLUGINS__OTLP__RECIEVER__PORT: matches no config key (did you mean OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT?)',
    ],
    { env: { OUTRIDER_PLUGINS__OTLP__RECIEVER__PORT: '1' }, args: ['--strict'] },
  ],
  [
    'env: a misspelled instance under --strict',
    'plugins:\n  otlp: {}\n',
    [
      '  - env OUTRIDER_PLUGINS__OTPL__RECEIVER__PORT: matches no config key (did you mean OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT?)',
    ],
    { env: { OUTRIDER_PLUGINS__OTPL__RECEIVER__PORT: '1' }, args: ['--strict'] },
  ],
  [
    'mixed: a bad duration, a misspelled key and an unknown plugin, all at once',
    'shutdown:\n  timeout: soon\nserver:\n  prot: 1\nplugins:\n  x: { use: nope }\n',
    [
      `  - outrider.yaml:2:3: shutdown.timeout: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found "soon"`,
      '  - outrider.yaml:4:3: server.prot: expected one of host, port, bodyLimitBytes, requestTimeout, allowedHosts, idleTimeout, maxConnections, found unknown key "prot" (did you mean "port"?)',
      '  - outrider.yaml:6:8: plugins.x.use: cannot find plugin "nope" (looked for nope); built-in plugins are otlp, process, http-probe, ws-monitor, jobs',
    ],
  ],
  [
    "mixed: a bad env var does not hide the file's problems",
    'server:\n  prot: 1\nplugins:\n  probes:\n    use: http-probe\n    targets: [{ url: notaurl }]\n',
    [
      '  - outrider.yaml:2:3: server.prot: expected one of host, port, bodyLimitBytes, requestTimeout, allowedHosts, idleTimeout, maxConnections, found unknown key "prot" (did you mean "port"?)',
      '  - outrider.yaml:6:17: plugins.probes.targets.0.url: expected an http:// or https:// URL, found ***',
      '  - env OUTRIDER_LOG__PRETTY: log.pretty: expected a boolean (true/false, 1/0, yes/no, on/off), found "maybe"',
    ],
    { env: { OUTRIDER_LOG__PRETTY: 'maybe' } },
  ],
];

describe.concurrent('outrider validate: every problem of a broken config in one run', () => {
  it.each(CASES)('%s', async (_name, yaml, problems, options = {}) => {
    const { dir } = configDir(yaml);
    const result = await runCli(['validate', '--config', 'outrider.yaml', ...(options.args ?? [])], {
      cwd: dir,
      env: options.env ?? {},
    });
    const expected = problems.map((line) => line.replaceAll('<dir>', dir));
    expect(result.code).toBe(options.code ?? 78);
    if (options.code === 0) {
      expect(result.stderr.split('\n').filter(Boolean)).toEqual(expected);
      expect(result.stdout).toContain('config is valid');
      return;
    }
    const header = options.syntax
      ? `outrider: ${dir}/outrider.yaml: not valid YAML:`
      : `outrider: outrider.yaml: config is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
    expect(result.stderr).toBe(`${[header, ...expected].join('\n')}\n`);
  });

  it('holds more than 30 cases', () => {
    expect(CASES.length).toBeGreaterThan(30);
  });
});
