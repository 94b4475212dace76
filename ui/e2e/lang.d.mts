export interface Tables {
  sv: Map<string, string>;
  en: Map<string, string>;
}
export interface Matcher {
  key: string;
  text: string;
  test: (s: string) => boolean;
}
export function readTables(source: string): Tables;
export function norm(s: string): string;
export function foreignMatchers(tables: Tables, shown: "sv" | "en", other: "sv" | "en"): Matcher[];
