import { adminCall, hasToken, onTokenChange, setToken } from './api.js';
import { h } from './dom.js';
import { notify } from './notice.js';

let enabled = false;
let pending: ((token: string | undefined) => void) | undefined;

/** Whether the sidecar has an admin token configured: admin controls are shown only then. */
export function adminEnabled(): boolean {
  return enabled;
}

/** The header's admin corner: read-only, or the token state with a way to set and forget it. */
export function renderAdminCorner(isEnabled: boolean): void {
  enabled = isEnabled;
  const corner = document.getElementById('admin') as HTMLElement;
  if (!enabled) {
    corner.replaceChildren(h('span', { class: 'badge idle' }, 'read-only (no admin token configured)'));
    return;
  }
  corner.replaceChildren(
    hasToken()
      ? h('button', { type: 'button', onclick: () => setToken(undefined) }, 'Forget admin token')
      : h('button', { type: 'button', onclick: () => void askToken() }, 'Enter admin token'),
    ' ',
    h('button', { type: 'button', onclick: () => void reload() }, 'Reload config'),
  );
}

onTokenChange(() => renderAdminCorner(enabled));

export function installTokenDialog(): void {
  const dialog = document.getElementById('token-dialog') as HTMLDialogElement;
  const form = document.getElementById('token-form') as HTMLFormElement;
  const input = document.getElementById('token-input') as HTMLInputElement;
  const finish = (value: string | undefined) => {
    dialog.close();
    input.value = '';
    const resolve = pending;
    pending = undefined;
    resolve?.(value);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    finish(input.value);
  });
  (document.getElementById('token-cancel') as HTMLButtonElement).addEventListener('click', () => finish(undefined));
  dialog.addEventListener('cancel', () => finish(undefined));
}

/** Asks for the token; resolves false when cancelled. */
function askToken(): Promise<boolean> {
  const dialog = document.getElementById('token-dialog') as HTMLDialogElement;
  return new Promise((resolve) => {
    pending = (value) => {
      if (value !== undefined && value !== '') setToken(value);
      resolve(value !== undefined && value !== '');
    };
    dialog.showModal();
    (document.getElementById('token-input') as HTMLInputElement).focus();
  });
}

/** Runs an admin call, asking for the token first when none is set; reports the outcome in the notice line. */
export async function adminAction<T>(
  what: string,
  method: 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T | undefined> {
  if (!hasToken() && !(await askToken())) return undefined;
  try {
    const result = await adminCall<T>(method, path, body);
    notify(`${what}: done`, 'ok');
    return result;
  } catch (error) {
    notify(`${what}: refused — ${(error as Error).message}`, 'bad');
    return undefined;
  }
}

async function reload(): Promise<void> {
  const result = await adminAction<{ result: string }>('Reload config', 'POST', '/api/reload');
  if (result !== undefined) notify(`Reload config: ${result.result}`, result.result === 'rejected' ? 'bad' : 'ok');
}
