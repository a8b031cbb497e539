// What the browser tests' in-page functions (page.evaluate, waitForFunction, init scripts) use of the
// page's globals. This workspace is typed for Node; these functions run in Chromium.

interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

interface PageViolationEvent {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}

declare const document: {
  querySelector(selector: string): PageElement | null;
  readonly activeElement: PageElement | null;
  createElement(tag: 'script'): PageElement;
  readonly body: { append(node: PageElement): void };
  addEventListener(type: 'securitypolicyviolation', listener: (event: PageViolationEvent) => void): void;
};

declare const window: Record<string, unknown>;
