// The screen tests' harness: the real app over Tauri's IPC mocks, each
// command answered like the shell would, and every call recorded.
import { render } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { App } from "../src/App";
import type { Commands } from "../src/commands";
import { AppProvider, type Screen } from "../src/context";

export type Handler = (args: Record<string, unknown>) => unknown;

/** Answers per command; a name outside the shell's command table does not compile. */
export function backend(handlers: Partial<Record<keyof Commands, Handler>>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const h = handlers[cmd as keyof Commands];
      if (!h) throw { code: "internal", message: `unmocked command ${cmd}`, details: [] };
      return h(args);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** The app, opened on screen `s`. */
export function start(s: Screen) {
  return render(
    <AppProvider initialScreen={s}>
      <App />
    </AppProvider>,
  );
}
