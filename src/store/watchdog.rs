//! A stop for a runaway statement: SQLite's progress handler interrupts a
//! statement that has worked for longer than a budget without giving a row.
//!
//! The clock restarts whenever a statement starts and whenever it hands a
//! row back (trace events), so what is measured is the time SQLite spends in
//! one step — never the time Rust spends between rows (a reclassification
//! reading every line, an import writing a million of them). Nothing Ramkoll
//! asks of its own schema comes near the budget; a recursive view or trigger
//! the schema check missed would run forever and hold the store (in the app:
//! every command waits for it).

use crate::error::Result;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// How long one step may run. Generous: the longest real step (regrouping
/// the aggregates of a decade of ledgers after a rule change) takes seconds.
pub(crate) const STEP_BUDGET: Duration = Duration::from_secs(60);

/// VM instructions between two looks at the clock: tens of µs of work, so
/// the look (a few ns) costs nothing measurable.
const OPS_PER_CHECK: i32 = 10_000;

/// The watchdog of one connection; clones share it.
#[derive(Clone)]
pub(crate) struct Watchdog(Arc<State>);

struct State {
    /// µs since [`epoch`] when the running statement started or last gave a row.
    since: AtomicU64,
    /// µs a step may take; 0 = off.
    budget: AtomicU64,
}

fn micros() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_micros() as u64
}

fn as_micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1)
}

impl Watchdog {
    /// No watchdog: a server connection (the server has `statement_timeout`).
    pub(crate) fn none() -> Watchdog {
        Watchdog(Arc::new(State { since: AtomicU64::new(0), budget: AtomicU64::new(0) }))
    }

    /// Watch every statement on `conn`.
    pub(crate) fn install(conn: &mut Connection, budget: Duration) -> Result<Watchdog> {
        let w =
            Watchdog(Arc::new(State { since: AtomicU64::new(micros()), budget: AtomicU64::new(as_micros(budget)) }));
        let s = Arc::clone(&w.0);
        conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT | TraceEventCodes::SQLITE_TRACE_ROW,
            Some(move |_: TraceEvent<'_>| s.since.store(micros(), Ordering::Relaxed)),
        )?;
        let s = Arc::clone(&w.0);
        conn.progress_handler(
            OPS_PER_CHECK,
            Some(move || {
                let budget = s.budget.load(Ordering::Relaxed);
                budget != 0 && micros().saturating_sub(s.since.load(Ordering::Relaxed)) > budget
            }),
        )?;
        Ok(w)
    }

    /// Off until the returned guard is dropped: a migration may rewrite every
    /// line of an old database in one statement.
    pub(crate) fn pause(&self) -> Paused {
        Paused { w: self.clone(), budget: self.0.budget.swap(0, Ordering::Relaxed) }
    }

    #[cfg(test)]
    pub(crate) fn set_budget(&self, budget: Duration) {
        self.0.budget.store(as_micros(budget), Ordering::Relaxed);
    }
}

/// While alive, the watchdog does not interrupt.
pub(crate) struct Paused {
    w: Watchdog,
    budget: u64,
}

impl Drop for Paused {
    fn drop(&mut self) {
        self.w.0.budget.store(self.budget, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::store::Store;

    /// Counts for ever: only the watchdog ends it.
    const ENDLESS: &str = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    fn run(store: &Store, sql: &str) -> Result<i64> {
        Ok(store.conn().query_row(sql, [], |r| r.get(0))?)
    }

    #[test]
    fn a_runaway_query_is_interrupted_after_the_budget() {
        let store = Store::open_in_memory().unwrap();
        store.watchdog.set_budget(Duration::from_millis(300));
        let t = Instant::now();
        let err = run(&store, ENDLESS).unwrap_err();
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(300) && took < Duration::from_secs(5), "{took:?}");
        match &err {
            Error::Db(e) => assert_eq!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::OperationInterrupted)),
            other => panic!("expected an interrupted statement, got {other:?}"),
        }
        assert!(err.to_string().contains("avbröts"), "{err}");
        // the connection is still usable, and a short query well within budget
        assert!(run(&store, "SELECT count(*) FROM rule").unwrap() > 0);
        let bounded =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c";
        assert_eq!(run(&store, bounded).unwrap(), 100_000);
    }

    #[test]
    fn time_between_rows_is_not_counted() {
        let store = Store::open_in_memory().unwrap();
        store.watchdog.set_budget(Duration::from_millis(200));
        let mut st = store
            .conn()
            .prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT x FROM c")
            .unwrap();
        let mut rows = st.query([]).unwrap();
        let mut n = 0;
        while let Some(r) = rows.next().unwrap() {
            n += r.get::<_, i64>(0).unwrap();
            // Rust working between rows, longer than the budget in all
            std::thread::sleep(Duration::from_millis(60));
        }
        assert_eq!(n, 15);
    }

    #[test]
    fn paused_it_lets_a_long_statement_finish() {
        let store = Store::open_in_memory().unwrap();
        store.watchdog.set_budget(Duration::from_millis(1));
        let long =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c";
        {
            let _paused = store.watchdog.pause();
            assert_eq!(run(&store, long).unwrap(), 2_000_000);
        }
        assert!(run(&store, long).is_err(), "on again after the pause");
    }
}
