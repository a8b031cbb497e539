/** The one status line at the bottom of the page, read out by screen readers. */
export function notify(text: string, tone: 'ok' | 'bad'): void {
  const notice = document.getElementById('notice') as HTMLElement;
  notice.textContent = text;
  notice.className = `notice ${tone}`;
}
