import { getJson } from '../api.js';
import { h } from '../dom.js';
import { clockTime } from '../format.js';
import { subscribe } from '../overview-store.js';
import { every, type Page } from '../page.js';

interface LogLine {
  time: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

export const logsPage: Page = {
  title: 'Logs',
  render(view) {
    const instance = h('select', { id: 'logs-instance' });
    const stream = h(
      'select',
      { id: 'logs-stream' },
      ['all', 'stdout', 'stderr'].map((s) => h('option', { value: s }, s)),
    );
    const follow = h('input', { id: 'logs-follow', type: 'checkbox', checked: true });
    const output = h('ol', {
      class: 'log-lines',
      id: 'log-lines',
      'aria-label': 'Last output lines, oldest first',
      tabindex: '0',
    });
    const state = h('p', { class: 'log-state', role: 'status' });
    view.append(
      h('h2', {}, 'Logs'),
      h(
        'form',
        { class: 'filters', onsubmit: (event: Event) => event.preventDefault() },
        h('label', { for: 'logs-instance' }, 'Process'),
        instance,
        h('label', { for: 'logs-stream' }, 'Stream'),
        stream,
        follow,
        h('label', { for: 'logs-follow' }, 'Follow'),
      ),
      state,
      output,
    );
    let names = '';
    const unsubscribe = subscribe((overview) => {
      const processes = overview.modules.filter((m) => m.plugin?.name === 'process').map((m) => m.name);
      if (processes.join() === names) return;
      names = processes.join();
      const current = instance.value;
      instance.replaceChildren(
        ...processes.map((name) => h('option', { value: name, selected: name === current }, name)),
      );
    });
    let shown = '';
    const stop = every(1000, async () => {
      if (instance.value === '') {
        state.textContent = 'No process plugin supervises an app here.';
        return;
      }
      const query = new URLSearchParams({ limit: '500' });
      if (stream.value !== 'all') query.set('stream', stream.value);
      try {
        const { capturing, lines } = await getJson<{ capturing: boolean; lines: LogLine[] }>(
          `/plugins/${encodeURIComponent(instance.value)}/logs?${query}`,
        );
        state.textContent = capturing
          ? `${lines.length} lines of ${instance.value}`
          : `${instance.value} watches a process it did not start: no output is captured.`;
        const key = `${instance.value}|${stream.value}|${lines.length}|${lines.at(-1)?.time}|${lines.at(-1)?.line}`;
        if (key === shown) return;
        shown = key;
        output.replaceChildren(
          ...lines.map((line) =>
            h(
              'li',
              { class: line.stream },
              h('span', { class: 'log-time' }, clockTime(line.time)),
              ' ',
              h('span', { class: 'log-stream' }, line.stream),
              ' ',
              line.line,
            ),
          ),
        );
        if (follow.checked) output.scrollTop = output.scrollHeight;
      } catch (error) {
        state.textContent = `The logs could not be read: ${(error as Error).message}`;
      }
    });
    return () => {
      unsubscribe();
      stop();
    };
  },
};
