// "Anslut till server…" on Inställningar (issue 15): the dialog's fields go to
// connect_server as typed, the password field hides what is typed and may
// stay empty (the password file), errors are shown in the dialog in the
// user's language, and a server's database shows its address and that the
// server keeps the backups.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { info } from "./fixtures";
import { backend, start } from "./harness";

const settings = { annual_hours: 1700, annual_hours_default: 1700, po_rates: [] };
const onServer = info({
  db_path: "postgres://anna@db.region.se:5433/ekonomi",
  db_is_default: false,
  db_server: { host: "db.region.se", port: 5433, dbname: "ekonomi", user: "anna" },
});

const field = (name: string) => within(screen.getByRole("dialog")).getByLabelText(name) as HTMLInputElement;

async function openDialog() {
  fireEvent.click(await screen.findByRole("button", { name: "Anslut till server…" }));
  return screen.findByRole("dialog", { name: "Anslut till en gemensam databas" });
}

describe("Anslut till server…", () => {
  it("connects with the fields as typed and then shows the server's address and backups note", async () => {
    let current = info();
    const calls = backend({
      app_info: () => current,
      get_settings: () => settings,
      connect_server: () => {
        current = onServer;
        return current;
      },
    });
    start("settings");
    expect(await screen.findByText("/tmp/test/ramkoll.db")).toBeTruthy();
    expect(screen.queryByText(/Säkerhetskopior sköts av servern/)).toBeNull();
    await openDialog();
    expect(field("Portnummer").value).toBe("5432");
    const password = field("Lösenord");
    expect(password.type).toBe("password");
    fireEvent.change(field("Databasserver"), { target: { value: "db.region.se" } });
    fireEvent.change(field("Portnummer"), { target: { value: "5433" } });
    fireEvent.change(field("Databas"), { target: { value: "ekonomi" } });
    fireEvent.change(field("Användare"), { target: { value: "anna" } });
    fireEvent.change(password, { target: { value: "hemligt 'lösen'" } });
    fireEvent.click(screen.getByRole("button", { name: "Anslut" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.filter((c) => c.cmd === "connect_server").map((c) => c.args)).toEqual([
      { host: "db.region.se", port: "5433", dbname: "ekonomi", user: "anna", password: "hemligt 'lösen'" },
    ]);
    expect(screen.getByText("Ansluten till postgres://anna@db.region.se:5433/ekonomi")).toBeTruthy();
    expect(document.getElementById("db-path")?.textContent).toBe("postgres://anna@db.region.se:5433/ekonomi");
    expect(screen.getByText("Gemensam databas på server", { selector: "h2" })).toBeTruthy();
    expect(document.getElementById("db-backups")?.textContent).toMatch(/^Säkerhetskopior sköts av servern \(pg_dump\)/);
    // the sidebar names the database and its server
    expect(screen.getByRole("button", { name: "ekonomi" })).toBeTruthy();
    expect(screen.getByText("på db.region.se")).toBeTruthy();
    // the password is nowhere on the page once the dialog is closed
    expect(document.body.innerHTML).not.toContain("lösen'");
  });

  it("may leave the password empty: the password file is used", async () => {
    const calls = backend({ app_info: () => info(), get_settings: () => settings, connect_server: () => onServer });
    start("settings");
    await openDialog();
    fireEvent.change(field("Databasserver"), { target: { value: "localhost" } });
    fireEvent.change(field("Databas"), { target: { value: "ekonomi" } });
    fireEvent.click(screen.getByRole("button", { name: "Anslut" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "connect_server")).toBe(true));
    expect(calls.find((c) => c.cmd === "connect_server")?.args).toEqual({
      host: "localhost",
      port: "5432",
      dbname: "ekonomi",
      user: "",
      password: "",
    });
  });

  it("shows a refused connection in the dialog, which stays open, in both languages", async () => {
    const refusal = {
      code: "file",
      message: 'postgres://anna@db.region.se:5432/ekonomi: kan inte ansluta till databasservern: password authentication failed for user "anna"',
      details: [],
    };
    backend({
      app_info: () => info(),
      get_settings: () => settings,
      connect_server: () => {
        throw refusal;
      },
    });
    start("settings");
    await openDialog();
    fireEvent.change(field("Databasserver"), { target: { value: "db.region.se" } });
    fireEvent.change(field("Databas"), { target: { value: "ekonomi" } });
    fireEvent.change(field("Lösenord"), { target: { value: "fel" } });
    fireEvent.click(screen.getByRole("button", { name: "Anslut" }));
    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert.textContent).toContain("Kunde inte ansluta till databasen.");
    expect(alert.textContent).toContain("password authentication failed");
    // the current database stays: nothing switched
    expect(document.getElementById("db-path")?.textContent).toBe("/tmp/test/ramkoll.db");
    expect((screen.getByRole("button", { name: "Anslut" }) as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Avbryt" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "EN" }));
    fireEvent.click(await screen.findByRole("button", { name: "Connect to server…" }));
    await screen.findByRole("dialog", { name: "Connect to a shared database" });
    fireEvent.change(field("Host"), { target: { value: "db.region.se" } });
    fireEvent.change(field("Database"), { target: { value: "ekonomi" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    const en = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(en.textContent).toContain("Could not connect to the database.");
  });

  it("names a bad field in the user's language", async () => {
    backend({
      app_info: () => info(),
      get_settings: () => settings,
      connect_server: (a) => {
        throw { code: "invalid", message: `"${String(a.port)}" är inget portnummer`, details: [], field: "port" };
      },
    });
    start("settings");
    await openDialog();
    fireEvent.change(field("Portnummer"), { target: { value: "femtio" } });
    fireEvent.click(screen.getByRole("button", { name: "Anslut" }));
    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert.textContent).toBe("Porten ska vara ett tal mellan 1 och 65535 (PostgreSQL använder vanligen 5432).");
    expect(field("Portnummer").getAttribute("aria-invalid")).toBe("true");
    expect(field("Databasserver").getAttribute("aria-invalid")).toBeNull();
  });

  it("is prefilled with the server the app is on, never with a password", async () => {
    backend({ app_info: () => onServer, get_settings: () => settings });
    start("settings");
    expect(await screen.findByText(/^Säkerhetskopior sköts av servern/)).toBeTruthy();
    await openDialog();
    expect([field("Databasserver").value, field("Portnummer").value, field("Databas").value, field("Användare").value, field("Lösenord").value]).toEqual([
      "db.region.se",
      "5433",
      "ekonomi",
      "anna",
      "",
    ]);
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
