//! Schema migrations, applied in order; `PRAGMA user_version` records how far
//! a database has come. Amounts are INTEGER öre, never REAL.

pub const MIGRATIONS: &[&str] = &[
    // 1: batches, ledger lines, frames, rules, comments, remembered mappings
    r#"
CREATE TABLE import_batch (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,            -- ledger | frames
    source        TEXT NOT NULL,            -- replacement scope: a newer export of the same source replaces its periods
    file_name     TEXT NOT NULL,
    file_path     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    format        TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    header_row    INTEGER NOT NULL,         -- 1-based, as the user sees it
    mapping       TEXT NOT NULL,            -- JSON
    row_count     INTEGER NOT NULL,
    control_sum   INTEGER NOT NULL,         -- öre, sum of imported lines
    source_total  INTEGER,                  -- öre, the file's own total row when present
    scope_from    INTEGER,                  -- first period (ledger) or year (frames)
    scope_to      INTEGER,
    imported_at   TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'undone'))
);
CREATE INDEX import_batch_sha ON import_batch(kind, sha256);

CREATE TABLE ledger_line (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    row_no          INTEGER NOT NULL,       -- 1-based row in the source sheet
    period          INTEGER NOT NULL,       -- YYYYMM
    year            INTEGER NOT NULL,
    date            TEXT,
    konto           TEXT NOT NULL DEFAULT '',
    ansvar          TEXT NOT NULL DEFAULT '',
    verksamhet      TEXT NOT NULL DEFAULT '',
    projekt         TEXT NOT NULL DEFAULT '',
    motpart         TEXT NOT NULL DEFAULT '',
    verifikation    TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    amount          INTEGER NOT NULL,       -- öre
    x_area          TEXT,                   -- explicit columns from the file
    x_category      TEXT,
    x_decision_year INTEGER,
    x_cost_type     TEXT,
    x_vo            TEXT,
    area            TEXT,                   -- resolved classification
    category        TEXT,
    cost_type       TEXT,
    vo              TEXT,
    decision_year   INTEGER,
    rule_id         INTEGER,
    attrs           TEXT,                   -- JSON of unknown columns
    superseded_by   INTEGER,                -- batch that replaced this line's period
    active          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ledger_line_batch ON ledger_line(batch_id, period);
CREATE INDEX ledger_line_report ON ledger_line(active, year, area, category, decision_year, period, amount);

CREATE TABLE frame (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    row_no         INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    area           TEXT NOT NULL,
    category       TEXT,                    -- NULL = the whole område
    decided        INTEGER NOT NULL,        -- öre
    extended       INTEGER NOT NULL,        -- öre
    decision_year  INTEGER,
    comment        TEXT,
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX frame_year ON frame(active, year);
CREATE INDEX frame_batch ON frame(batch_id, year);

CREATE TABLE rule (
    id         INTEGER PRIMARY KEY,
    ord        INTEGER NOT NULL,
    field      TEXT NOT NULL,
    pattern    TEXT NOT NULL,
    area       TEXT,
    category   TEXT,
    cost_type  TEXT,
    vo         TEXT,
    note       TEXT
);

CREATE TABLE comment (
    key        TEXT PRIMARY KEY,            -- report cell, e.g. investments/2018/IT/Nät
    text       TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE saved_mapping (
    kind       TEXT NOT NULL,
    signature  TEXT NOT NULL,               -- the header row's texts, normalised
    header_row INTEGER NOT NULL,
    mapping    TEXT NOT NULL,
    PRIMARY KEY (kind, signature)
);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
    // 2: operating budget (with monthly profile and the controller's forecast),
    // HR staffing data, and the configurable kostnadsslag hierarchy
    r#"
CREATE TABLE budget (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    row_no         INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    cost_type      TEXT NOT NULL,
    vo             TEXT,
    ansvar         TEXT,
    amount         INTEGER NOT NULL,        -- öre, yearly; revenue and costs both positive
    months         TEXT NOT NULL,           -- JSON [12 × öre], sums exactly to amount
    forecast       INTEGER,                 -- öre, the controller's full-year forecast
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX budget_year ON budget(active, year);
CREATE INDEX budget_batch ON budget(batch_id, year);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    row_no         INTEGER NOT NULL,
    period         INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    vo             TEXT NOT NULL,
    ansvar         TEXT,
    worked         INTEGER NOT NULL,        -- hours × 100
    overtime       INTEGER NOT NULL,
    mertid         INTEGER NOT NULL,
    fyllnadstid    INTEGER NOT NULL,
    sick           INTEGER,
    headcount      INTEGER,
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX staff_year ON staff(active, year, vo);
CREATE INDEX staff_batch ON staff(batch_id, period);

CREATE TABLE cost_type (
    name     TEXT PRIMARY KEY,
    grp      TEXT NOT NULL,                 -- Intäkter, Personalkostnader, Avskrivningar, Övriga kostnader
    revenue  INTEGER NOT NULL DEFAULT 0,
    staff    TEXT,                          -- column in the staffing breakdown, if any
    ord      INTEGER NOT NULL
);
CREATE INDEX ledger_line_ops ON ledger_line(active, year, cost_type, vo, period, amount);
"#,
    // 3: reports read per-(batch, period, classification) aggregates kept in
    // step with the lines inside each import/replace/undo transaction, so the
    // wide covering indexes on every line (slow to maintain on import) go.
    r#"
DROP INDEX IF EXISTS ledger_line_report;
DROP INDEX IF EXISTS ledger_line_ops;
CREATE INDEX ledger_line_drill ON ledger_line(year, area, category);
CREATE TABLE ledger_agg (
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    period         INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    area           TEXT,
    category       TEXT,
    decision_year  INTEGER,
    cost_type      TEXT,
    vo             TEXT,
    n              INTEGER NOT NULL,
    amount         INTEGER NOT NULL,        -- öre
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ledger_agg_year ON ledger_agg(active, year);
CREATE INDEX ledger_agg_batch ON ledger_agg(batch_id, period);
INSERT INTO ledger_agg (batch_id, period, year, area, category, decision_year, cost_type, vo, n, amount,
                        superseded_by, active)
SELECT batch_id, period, year, area, category, decision_year, cost_type, vo, COUNT(*), SUM(amount),
       superseded_by, active
FROM ledger_line
GROUP BY batch_id, period, year, area, category, decision_year, cost_type, vo, superseded_by, active;
"#,
    // 4: planned purchases checked against what is left of a frame
    r#"
CREATE TABLE planned_purchase (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    area        TEXT NOT NULL,
    category    TEXT,                       -- NULL = against the whole område
    text        TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,           -- öre
    amount      INTEGER NOT NULL,           -- öre, quantity × unit_price
    created_at  TEXT NOT NULL
);
"#,
    // 5: ledger lines are written once. No batch index on them (maintaining
    // it cost a sixth of a large import): a batch's lines are one id range,
    // recorded in import_batch. Whether a line is live is no longer stored on
    // the line: it is its (batch, period)'s state in ledger_agg, so replacing
    // or undoing a batch touches only aggregates. ledger_line.active and
    // superseded_by are left as they were and no longer read.
    r#"
DROP INDEX IF EXISTS ledger_agg_batch;
CREATE INDEX ledger_agg_batch ON ledger_agg(batch_id, period, active);
ALTER TABLE import_batch ADD COLUMN first_line INTEGER;
ALTER TABLE import_batch ADD COLUMN last_line INTEGER;
UPDATE import_batch SET first_line = (SELECT MIN(id) FROM ledger_line l WHERE l.batch_id = import_batch.id),
                        last_line = (SELECT MAX(id) FROM ledger_line l WHERE l.batch_id = import_batch.id)
WHERE kind = 'ledger';
DROP INDEX IF EXISTS ledger_line_batch;
"#,
    // 6: the names of codes (konto, ansvar, projekt …) as the latest file gave them
    r#"
CREATE TABLE code_name (
    dim       TEXT NOT NULL,                -- konto | ansvar | verksamhet | projekt | motpart
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    batch_id  INTEGER NOT NULL,             -- the import that gave this name last
    PRIMARY KEY (dim, code)
) WITHOUT ROWID;
"#,
    // 7: internal control. The audit log (hash-chained, append-only), every
    // version of every comment, and month sign-offs with their reopenings.
    // Triggers refuse UPDATE and DELETE on all three; the chain shows an edit
    // made around them. Existing comments become their first version.
    r#"
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user       TEXT NOT NULL,
    operation  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    summary    TEXT NOT NULL,               -- JSON, hashed as stored
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject);
CREATE TABLE comment_version (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL,
    text    TEXT NOT NULL,                  -- '' when the comment was removed
    author  TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX comment_version_key ON comment_version(key, id);
INSERT INTO comment_version (key, text, author, at) SELECT key, text, author, updated_at FROM comment ORDER BY updated_at;
CREATE TABLE period_close (
    id      INTEGER PRIMARY KEY,
    period  INTEGER NOT NULL,
    action  TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
    user    TEXT NOT NULL,
    at      TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',       -- the sign-off's note, the reopening's reason
    checks  TEXT                            -- JSON: what the checks found at the close
);
CREATE INDEX period_close_period ON period_close(period, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log är oföränderlig'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log är oföränderlig'); END;
CREATE TRIGGER comment_version_no_update BEFORE UPDATE ON comment_version BEGIN SELECT RAISE(ABORT, 'comment_version är oföränderlig'); END;
CREATE TRIGGER comment_version_no_delete BEFORE DELETE ON comment_version BEGIN SELECT RAISE(ABORT, 'comment_version är oföränderlig'); END;
CREATE TRIGGER period_close_no_update BEFORE UPDATE ON period_close BEGIN SELECT RAISE(ABORT, 'period_close är oföränderlig'); END;
CREATE TRIGGER period_close_no_delete BEFORE DELETE ON period_close BEGIN SELECT RAISE(ABORT, 'period_close är oföränderlig'); END;
"#,
    // 8: what each batch's export looks like (store::fingerprint): rows per
    // account class (ledger), område (frames) or VO (budget, HR data), as a
    // JSON object. A newer export replaces an older one's periods silently
    // only when the two look alike. Existing batches get theirs from their rows.
    r#"
ALTER TABLE import_batch ADD COLUMN fingerprint TEXT;
UPDATE import_batch SET fingerprint = (
    SELECT json_group_object(c, n) FROM (
        SELECT CASE WHEN substr(ltrim(konto), 1, 1) BETWEEN '0' AND '9' THEN substr(ltrim(konto), 1, 1) ELSE '-' END AS c,
               COUNT(*) AS n
        FROM ledger_line
        WHERE id BETWEEN import_batch.first_line AND import_batch.last_line AND batch_id = import_batch.id
        GROUP BY c))
WHERE kind = 'ledger' AND first_line IS NOT NULL;
UPDATE import_batch SET fingerprint = (
    SELECT json_group_object(c, n) FROM (
        SELECT COALESCE(NULLIF(trim(area), ''), '-') AS c, COUNT(*) AS n FROM frame WHERE batch_id = import_batch.id GROUP BY c))
WHERE kind = 'frames';
UPDATE import_batch SET fingerprint = (
    SELECT json_group_object(c, n) FROM (
        SELECT COALESCE(NULLIF(trim(vo), ''), '-') AS c, COUNT(*) AS n FROM budget WHERE batch_id = import_batch.id GROUP BY c))
WHERE kind = 'budget';
UPDATE import_batch SET fingerprint = (
    SELECT json_group_object(c, n) FROM (
        SELECT COALESCE(NULLIF(trim(vo), ''), '-') AS c, COUNT(*) AS n FROM staff WHERE batch_id = import_batch.id GROUP BY c))
WHERE kind = 'staff';
"#,
    // 9: the asset register (a newer register replaces all of an older one:
    // every row has the same replacement scope, `snapshot`), and the costing
    // inputs of a planned purchase
    r#"
CREATE TABLE asset (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    row_no         INTEGER NOT NULL,
    snapshot       INTEGER NOT NULL DEFAULT 1,
    object         TEXT,                    -- Objekt (anläggningsnummer)
    project        TEXT,                    -- Projekt: the code the ledger books on
    text           TEXT,
    area           TEXT NOT NULL,
    category       TEXT,
    value          INTEGER NOT NULL,        -- öre, anskaffningsvärde
    activation     INTEGER NOT NULL,        -- YYYYMM, taken into use
    life_years     INTEGER NOT NULL,
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX asset_batch ON asset(batch_id, snapshot);
CREATE INDEX asset_active ON asset(active);
ALTER TABLE planned_purchase ADD COLUMN life_years INTEGER;
ALTER TABLE planned_purchase ADD COLUMN start INTEGER;                 -- YYYYMM taken into use
ALTER TABLE planned_purchase ADD COLUMN monthly_cost_per_unit INTEGER NOT NULL DEFAULT 0;   -- öre
ALTER TABLE planned_purchase ADD COLUMN yearly_running_cost INTEGER NOT NULL DEFAULT 0;     -- öre
ALTER TABLE planned_purchase ADD COLUMN yearly_saving INTEGER NOT NULL DEFAULT 0;           -- öre
ALTER TABLE planned_purchase ADD COLUMN counted_together INTEGER NOT NULL DEFAULT 0;
"#,
    // 10: forecast rounds (prognosomgångar). A round is the period it was
    // made in; its rows are full-year forecasts per kostnadsslag [and VO]
    // (operating) or per område [and kategori] (investments). '' stands for
    // "no VO / whole område" so the unique index holds. A locked round
    // (fastställd) is refused changes by the store.
    r#"
CREATE TABLE forecast_round (
    round      INTEGER PRIMARY KEY,        -- YYYYMM the round was made
    year       INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    locked_at  TEXT,
    locked_by  TEXT
);
CREATE TABLE forecast (
    id         INTEGER PRIMARY KEY,
    round      INTEGER NOT NULL REFERENCES forecast_round(round),
    kind       TEXT NOT NULL CHECK (kind IN ('operating', 'investment')),
    cost_type  TEXT NOT NULL DEFAULT '',
    vo         TEXT NOT NULL DEFAULT '',
    area       TEXT NOT NULL DEFAULT '',
    category   TEXT NOT NULL DEFAULT '',
    amount     INTEGER NOT NULL,           -- öre, full year, positive for revenue and costs
    comment    TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE UNIQUE INDEX forecast_key ON forecast(round, kind, cost_type, vo, area, category);
"#,
    // 11: open purchase orders (beställningar), a snapshot like the asset
    // register: every row has the replacement scope `snapshot`, so a newer
    // orders file replaces all of the older one. `area` NULL: no rule gave
    // the order an område (Ej klassificerat), kept and shown, never dropped.
    r#"
CREATE TABLE purchase_order (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
    row_no         INTEGER NOT NULL,
    snapshot       INTEGER NOT NULL DEFAULT 1,
    order_no       TEXT,                    -- Beställningsnummer
    supplier       TEXT,                    -- Leverantör
    project        TEXT,
    text           TEXT,
    area           TEXT,
    category       TEXT,
    amount         INTEGER NOT NULL,        -- öre, what is still to be invoiced
    order_date     TEXT NOT NULL,           -- YYYY-MM-DD
    period         INTEGER NOT NULL,        -- YYYYMM of the order date
    superseded_by  INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX purchase_order_batch ON purchase_order(batch_id, snapshot);
CREATE INDEX purchase_order_active ON purchase_order(active);
"#,
];
