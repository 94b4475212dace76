// The warning for a database on a network share (issue 19): the core says
// why (AppInfo.db_warning), the footer says it in the user's language.
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { info, report } from "./fixtures";
import { backend, start } from "./harness";

const core =
  "databasen \\\\filserver\\ekonomi\\ramkoll.db ligger på en nätverksresurs (en nätverkssökväg (UNC)): där kan SQLite inte lita på fillåsningen";

describe("a database on a network share", () => {
  it("is warned about under the database's name, in both languages", async () => {
    backend({ app_info: () => info({ db_path: "\\\\filserver\\ekonomi\\ramkoll.db", db_warning: core }), investments: () => report(), batches: () => [] });
    start("overview");
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
    start("overview");
    await screen.findByText("Översikt", { selector: "h1" });
    expect(screen.queryByRole("status")).toBeNull();
  });
});
