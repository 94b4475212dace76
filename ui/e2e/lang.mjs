// The language check of the layout E2E (layout.mjs), also run by
// ui/test/i18n_tables.test.ts: the i18n tables read from i18n.ts, and
// matchers for one language's texts that must not show in the other.

import assert from "node:assert/strict";

/** The i18n tables, read from the source: key → text, per language. */
export function readTables(source) {
  const block = (name) => {
    const start = source.indexOf(`const ${name}`);
    assert.ok(start >= 0, `i18n.ts has no table ${name}`);
    const open = source.indexOf("{", start);
    const end = source.indexOf("\n}", open);
    return source.slice(open, end);
  };
  const table = (text) => {
    const out = new Map();
    for (const m of text.matchAll(/"([^"]+)":\s*"((?:[^"\\]|\\.)*)"/g)) out.set(m[1], JSON.parse(`"${m[2]}"`));
    return out;
  };
  return { sv: table(block("sv")), en: table(block("en")) };
}

// NBSP in figures read as a space; soft hyphens (where a long header may break) dropped.
export const norm = (s) => s.replace(/\u00ad/g, "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Matchers for the texts of language `other` that must not show while `shown`
 * is chosen: its values that are not also values of `shown`, and its
 * templates with enough fixed text to be recognised.
 */
export function foreignMatchers(tables, shown, other) {
  const own = new Set([...tables[shown].values()].map(norm));
  const out = [];
  for (const [key, raw] of tables[other]) {
    const v = norm(raw);
    if (own.has(v) || norm(tables[shown].get(key) ?? "") === v) continue;
    const literal = v.replace(/\{\w+\}/g, "");
    if (v.includes("{")) {
      if (literal.replace(/[^\p{L}]/gu, "").length < 8) continue;
      const re = new RegExp(v.split(/\{\w+\}/).map(escape).join(".+?"));
      out.push({ key, text: v, test: (s) => re.test(s) });
    } else if (/\p{L}{3}/u.test(v)) {
      // Short words only as a whole text; sentences also inside a longer one.
      out.push({ key, text: v, test: (s) => s === v || (v.length >= 16 && s.includes(v)) });
    }
  }
  return out;
}

