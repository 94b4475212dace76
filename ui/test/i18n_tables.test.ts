// Every string in both languages (issue 20): no key missing in either table,
// and no text the same in both unless it is a word both languages share or a
// proper noun/abbreviation — listed here with the reason, so a forgotten
// translation (an English key left with its Swedish text) fails.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foreignMatchers, readTables } from "../e2e/lang.mjs";
import { EN_KEYS, KEYS, translate, type Key } from "../src/i18n";

const SAME_IN_BOTH: Partial<Record<Key, string>> = {
  "nav.import": "the same word in English",
  "imp.title": "the same word in English",
  "log.op.import": "the same word in English",
  "nav.export": "the same word in English",
  "exp.title": "the same word in English",
  "top.period": "the same word in English",
  "drill.period": "the same word in English",
  "staff.budget": "the same word in English",
  "staff.chartBudget": "the same word in English",
  "var.budget": "the same word in English",
  "kind.budget": "the same word in English",
  "plan.text": "the same word in English",
  "drill.text": "the same word in English",
  "rules.f.text": "the same word in English",
  "set.version": "the same word in English",
  "imp.sieProgram": "the same word in English",
  "rules.vo": "VO, verksamhetsområde: the region's abbreviation",
  "staff.drillColumn": "placeholders only",
};

describe("the i18n tables", () => {
  it("have every key in both languages", () => {
    expect(KEYS.filter((k) => !EN_KEYS.includes(k))).toEqual([]);
    expect(EN_KEYS.filter((k) => !KEYS.includes(k))).toEqual([]);
  });

  it("differ between the languages except for the listed shared words", () => {
    const same = KEYS.filter((k) => translate("sv", k) === translate("en", k));
    expect(same.filter((k) => !(k in SAME_IN_BOTH))).toEqual([]);
    // and the list holds no stale entries
    expect(Object.keys(SAME_IN_BOTH).filter((k) => !same.includes(k as Key))).toEqual([]);
  });

  it("fill the same placeholders in both languages", () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = KEYS.filter((k) => vars(translate("sv", k)).join() !== vars(translate("en", k)).join());
    expect(differ).toEqual([]);
  });

  it("recognise the other language's text the way the layout E2E does", () => {
    const tables = readTables(readFileSync(join(__dirname, "../src/i18n.ts"), "utf8"));
    expect(tables.sv.size).toBe(KEYS.length);
    expect(tables.en.size).toBe(EN_KEYS.length);
    const swedish = foreignMatchers(tables, "en", "sv");
    const flags = (s: string) => swedish.filter((m) => m.test(s)).map((m) => m.key);
    // the examples, as the app showed them in English mode
    expect(flags("Totalt")).toContain("common.total");
    expect(flags("IT Nät: utfallet 12 900 000 kr överstiger ramen 10 000 000 kr.")).toContain("notice.overFrame");
    expect(flags("Forecast: controllerns prognos (importerad med budgeten).")).toContain("var.forecastController");
    // English text, data and words both languages share are not flagged
    expect(flags("Total")).toEqual([]);
    expect(flags("IT Nät: the outcome 12 900 000 kr exceeds the frame 10 000 000 kr.")).toEqual([]);
    expect(flags("Budget")).toEqual([]);
    // no English text of the app looks Swedish
    expect(EN_KEYS.filter((k) => flags(translate("en", k).replace(/\s+/g, " ").trim()).length > 0)).toEqual([]);
  });
});
