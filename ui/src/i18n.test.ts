import { describe, expect, it } from "vitest";
import { EN_KEYS, KEYS, translate } from "./i18n";

describe("i18n", () => {
  it("has an English text for every Swedish one", () => {
    expect(KEYS.filter((k) => !EN_KEYS.includes(k))).toEqual([]);
  });
  it("fills in variables and falls back to Swedish", () => {
    expect(translate("sv", "inv.decided", { year: 2018 })).toBe("Beslutad ram 2018");
    expect(translate("en", "inv.decided", { year: 2018 })).toBe("Decided frame 2018");
    expect(translate("sv", "drill.summary", { n: 3 })).toBe("3 rader, summa {sum}");
  });
});
