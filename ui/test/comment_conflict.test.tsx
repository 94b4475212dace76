// A comment someone else changed since the cell was shown (a shared
// database): the save is refused with both texts, and the next save starts
// from theirs, so nothing is overwritten without the writer having seen it.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { info, report } from "./fixtures";
import { backend, start } from "./harness";

describe("comment version check", () => {
  it("shows both texts and saves over theirs only on the next save", async () => {
    let theirs = "Nätbytet i Hus 3 tidigarelagt";
    let refused = false;
    const calls = backend({
      app_info: () => info(),
      investments: () => report(),
      categories: () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } }),
      plans: () => ({ year: 2018, plans: [] }),
      // empty when the screen opened; bo's comment is there once the save was refused
      comments: () => (refused ? { "ram/2018/IT": { key: "ram/2018/IT", text: theirs, author: "bo", updated_at: "2018-11-02 10:14:00" } } : {}),
      set_comment: (a) => {
        if (a.over !== theirs) {
          refused = true;
          throw {
            code: "conflict",
            message: `kommentaren på ram/2018/IT har ändrats av bo 2018-11-02 10:14:00 sedan du öppnade den, så din text sparades inte. Nu står det: «${theirs}». Din text: «${a.text}».`,
          };
        }
        theirs = a.text as string;
        return null;
      },
    });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Belopp i kr/ });
    const it = within(table).getByRole("row", { name: /^IT/ });
    const box = within(it).getByRole("textbox");
    // the cell was shown empty: bo wrote his comment since
    fireEvent.change(box, { target: { value: "Leverantören fakturerade i förtid" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await within(it).findByText(/«Nätbytet i Hus 3 tidigarelagt».*«Leverantören fakturerade i förtid»/)).toBeTruthy();
    expect(refused).toBe(true);
    expect(calls.find((c) => c.cmd === "set_comment")?.args).toEqual({
      key: "ram/2018/IT",
      text: "Leverantören fakturerade i förtid",
      over: "",
    });
    // written with theirs in view, the next save goes through over bo's text
    fireEvent.change(box, { target: { value: "Nätbytet tidigarelagt; fakturerat i förtid" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await within(it).findByText(/Sparat/)).toBeTruthy();
    await waitFor(() => expect(theirs).toBe("Nätbytet tidigarelagt; fakturerat i förtid"));
    expect(calls.filter((c) => c.cmd === "set_comment").at(-1)?.args.over).toBe("Nätbytet i Hus 3 tidigarelagt");
  });
});
