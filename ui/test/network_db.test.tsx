// The warning for a database on a network share (issue 19): the core says
// why (AppInfo.db_warning), the footer says it in the user's language.
import { fireEvent, render, screen } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { App } from "../src/App";
import type { Commands } from "../src/commands";
import { AppProvider } from "../src/context";
import { info, report } from "./fixtures";

function backend(handlers: Partial<Record<keyof Commands, () => unknown>>) {
  mockIPC(
    (cmd) => {
      const h = handlers[cmd as keyof Commands];
      if (!h) throw { code: "internal", message: `unmocked command ${cmd}`, details: [] };
      return h();
    },
    { shouldMockEvents: true },
  );
}

const core =
  "databasen \\\\filserver\\ekonomi\\ramkoll.db ligger på en nätverksresurs (en nätverkssökväg (UNC)): där kan SQLite inte lita på fillåsningen";

function start() {
  return render(
    <AppProvider initialScreen="overview">
      <App />
    </AppProvider>,
  );
}

describe("a database on a network share", () => {
  it("is warned about under the database's name, in both languages", async () => {
    backend({ app_info: () => info({ db_path: "\\\\filserver\\ekonomi\\ramkoll.db", db_warning: core }), investments: () => report(), batches: () => [] });
    start();
    const warning = await screen.findByRole("status");
    expect(warning.textContent).toMatch(/^Databasen ligger på en nätverksenhet/);
    expect(warning.textContent).toContain("PostgreSQL");
    expect(warning.getAttribute("title")).toBe(core);
    expect(screen.getByRole("button", { name: "ramkoll.db" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "EN" }));
    expect((await screen.findByRole("status")).textContent).toMatch(/^The database is on a network drive/);
  });

  it("is not shown for a local database", async () => {
    backend({ app_info: () => info(), investments: () => report(), batches: () => [] });
    start();
    await screen.findByText("Översikt", { selector: "h1" });
    expect(screen.queryByRole("status")).toBeNull();
  });
});
