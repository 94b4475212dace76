// Command payload types. TEMPORARY hand-written mirror of the Rust types;
// replaced by re-exports of the ts-rs generated files in ./bindings.

export type Amount = string;
export type Kind = "ledger" | "frames";
export type Field =
  | "period"
  | "date"
  | "konto"
  | "ansvar"
  | "verksamhet"
  | "projekt"
  | "motpart"
  | "verifikation"
  | "text"
  | "belopp"
  | "omrade"
  | "kategori"
  | "beslutsar"
  | "ar"
  | "beslutad_ram"
  | "utokad_ram"
  | "kostnadsslag"
  | "vo"
  | "kommentar";

export interface CmdError {
  code: string;
  message: string;
  details: string[];
}

export interface AppInfo {
  version: string;
  db_path: string;
  db_is_default: boolean;
  db_error: CmdError | null;
  years: number[];
  last_periods: [number, number][];
  batches: number;
}

export interface PickedFile {
  path: string;
  name: string;
}

export interface ImportOptions {
  sheet?: string | null;
  source?: string | null;
  header_row?: number | null;
  mapping?: Partial<Record<Field, number>> | null;
}

export interface ColumnInfo {
  index: number;
  letter: string;
  header: string;
  field: Field | null;
}

export interface Preview {
  file: string;
  format: "xlsx" | "xls" | "ods" | "csv";
  sheets: string[];
  sheet: string;
  header_row: number;
  mapping_from: string;
  columns: ColumnInfo[];
  missing: Field[][];
  rows: string[][];
}

export interface FilePreview {
  path: string;
  kind: Kind;
  preview: Preview;
}

export interface ImportItem {
  path: string;
  kind: Kind;
  options?: ImportOptions | null;
}

export interface Replaced {
  batch_id: number;
  file_name: string;
  scopes: number[];
  rows: number;
  sum: Amount;
}

export interface ImportOutcome {
  kind: Kind;
  file: string;
  batch_id: number | null;
  unchanged_as: number | null;
  sheet: string;
  header_row: number;
  rows: number;
  control_sum: Amount;
  source_total: Amount | null;
  reconciled: boolean;
  total_rows_checked: number;
  scope_from: number | null;
  scope_to: number | null;
  replaced: Replaced[];
  unclassified: number;
  unclassified_sum: Amount;
  message: string;
}

export interface ImportResult {
  path: string;
  file: string;
  outcome: ImportOutcome | null;
  error: CmdError | null;
}

export interface ImportProgress {
  index: number;
  count: number;
  file: string;
  rows: number;
  fraction: number | null;
  done: boolean;
}

export interface BatchInfo {
  id: number;
  kind: Kind;
  source: string;
  file_name: string;
  file_path: string;
  sha256: string;
  format: string;
  sheet: string;
  header_row: number;
  row_count: number;
  control_sum: Amount;
  source_total: Amount | null;
  scope_from: number | null;
  scope_to: number | null;
  imported_at: string;
  state: string;
  active_rows: number;
  active_sum: Amount;
}

export interface UndoOutcome {
  batch_id: number;
  file_name: string;
  rows: number;
  sum: Amount;
  restored: Replaced[];
}

export interface LineQuery {
  year?: number | null;
  period_to?: number | null;
  area?: string | null;
  category?: string | null;
  decision?: string | null;
  investments?: boolean;
  unclassified?: boolean;
  batch_id?: number | null;
  limit?: number | null;
}

export interface LineRow {
  id: number;
  batch_id: number;
  file_name: string;
  row_no: number;
  period: number;
  date: string | null;
  konto: string;
  ansvar: string;
  verksamhet: string;
  projekt: string;
  motpart: string;
  verifikation: string;
  text: string;
  amount: Amount;
  area: string | null;
  category: string | null;
  cost_type: string | null;
  vo: string | null;
  decision_year: number | null;
  rule_id: number | null;
}

export interface Lines {
  query: LineQuery;
  total_rows: number;
  total: Amount;
  truncated: boolean;
  lines: LineRow[];
}

export interface Comment {
  key: string;
  text: string;
  author: string;
  updated_at: string;
}

export type RuleField = "konto" | "projekt" | "ansvar" | "verksamhet" | "text";

export interface Rule {
  id?: number | null;
  field: RuleField;
  pattern: string;
  area?: string | null;
  category?: string | null;
  cost_type?: string | null;
  vo?: string | null;
  note?: string | null;
}

export interface ReclassifyOutcome {
  lines: number;
  changed: number;
  unclassified: number;
  unclassified_sum: Amount;
}

export interface FrameRow {
  key: string;
  area: string;
  category: string | null;
  label: string;
  decided: Amount;
  extended: Amount;
  total_frame: Amount;
  outcome_before: Amount;
  outcome_year: Amount;
  outcome_total: Amount;
  remaining: Amount;
  utilisation: string | null;
  lines: number;
  over_frame: boolean;
  comment: string | null;
  drill: LineQuery;
}

export interface AreaBlock extends FrameRow {
  categories: FrameRow[];
}

export interface FrameReport {
  year: number;
  period: number | null;
  areas: AreaBlock[];
  unclassified: FrameRow | null;
  total: FrameRow;
  warnings: string[];
}

export interface CategoryCell {
  year: number;
  amount: Amount;
  lines: number;
  drill: LineQuery;
}

export interface CategoryYears {
  category: string;
  cells: CategoryCell[];
  total: Amount;
}

export interface CategoryReport {
  area: string;
  years: number[];
  rows: CategoryYears[];
  total: CategoryYears;
}

export interface ExportOutcome {
  path: string;
  sheets: string[];
  detail_lines: number;
  total_outcome: Amount;
}
