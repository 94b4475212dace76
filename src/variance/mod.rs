//! Follow-up against plan: investment frames vs outcome (`frames`) with the
//! open orders and Disponibelt (`commitments`), the operating budget vs
//! outcome with forecast (`operating`), and planned purchases against the
//! remaining frame (`plans`).

mod commitments;
mod frames;
mod notice;
mod operating;
mod plans;
mod rounds;

pub use commitments::{add_forecast, add_plans};
pub use frames::*;
pub use notice::Notice;
pub use operating::*;
pub use plans::*;
pub use rounds::*;

#[cfg(test)]
mod tests {
    //! Every figure opens to its lines: the drill-down of each report row
    //! lists lines that add up to the row's figure.
    use super::*;
    use crate::import::{import_file, ImportOptions, Kind};
    use crate::money::Amount;
    use crate::store::{LineQuery, Store};

    /// The 2018 fixtures: frames, investment and operating ledgers, budget, HR.
    fn store_2018() -> Store {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut store = Store::open_in_memory().unwrap();
        let files = [
            (Kind::Frames, "ramar.xlsx", None),
            (Kind::Ledger, "huvudbok_2017.ods", None),
            (Kind::Ledger, "huvudbok_2018.xlsx", None),
            (Kind::Ledger, "drift_huvudbok_2017.xlsx", Some("drift")),
            (Kind::Ledger, "drift_huvudbok_2018.xlsx", Some("drift")),
            (Kind::Budget, "budget_2018.xlsx", None),
            (Kind::Staff, "personal_2018.xlsx", None),
        ];
        for (kind, name, source) in files {
            let opts = ImportOptions { source: source.map(str::to_string), ..Default::default() };
            import_file(&mut store, kind, &dir.join(name), &opts, &mut |_| {}).unwrap();
        }
        store
    }

    fn total(store: &Store, q: &LineQuery) -> Amount {
        store.lines(&LineQuery { limit: Some(1), ..q.clone() }).unwrap().total
    }

    #[test]
    fn frame_rows_add_up_to_their_lines() {
        let store = store_2018();
        let r = frame_report(&store, 2018, Some(201810)).unwrap();
        let rows = r.areas.iter().flat_map(|a| std::iter::once(&a.row).chain(&a.categories)).chain([&r.total]);
        let mut checked = 0;
        for row in rows {
            assert_eq!(total(&store, &row.drill), row.outcome_total, "{}", row.key);
            let before = LineQuery { decision: Some("before".into()), ..row.drill.clone() };
            assert_eq!(total(&store, &before), row.outcome_before, "{} before", row.key);
            checked += 1;
        }
        assert!(checked > 10, "{checked} rows");
        assert_eq!(r.total.outcome_total, total(&store, &LineQuery { investments: true, ..r.total.drill.clone() }));
        let c = category_report(&store, "IT", 2017, 2018).unwrap();
        for cell in c.rows.iter().chain([&c.total]).flat_map(|r| &r.cells) {
            assert_eq!(total(&store, &cell.drill), cell.amount, "{:?}", cell.drill);
        }
    }

    #[test]
    fn operating_rows_add_up_to_their_lines() {
        let store = store_2018();
        let r = operating_report(&store, 2018, Some(201812), true).unwrap();
        // outcome is positive for revenue too; the lines carry its sign
        let outcome = |row: &OperatingRow| if row.revenue { -row.outcome } else { row.outcome };
        let mut checked = 0;
        for g in &r.groups {
            assert_eq!(total(&store, &g.row.drill), outcome(&g.row), "{}", g.row.key);
            for t in &g.cost_types {
                assert_eq!(total(&store, &t.drill), outcome(t), "{}", t.key);
                checked += 1;
                for v in &t.by_vo {
                    assert_eq!(total(&store, &v.drill), outcome(v), "{}", v.key);
                }
            }
        }
        assert!(checked > 10, "{checked} kostnadsslag rows");
        if let Some(u) = &r.unclassified {
            assert_eq!(total(&store, &u.drill), u.outcome);
        }
    }

    #[test]
    fn staffing_rows_add_up_to_their_lines() {
        let store = store_2018();
        let r = crate::staffing::staffing_report(&store, 2018, Some(201812)).unwrap();
        assert!(r.rows.len() > 1);
        for row in r.rows.iter().chain([&r.total]) {
            assert_eq!(total(&store, &row.drill), row.total, "{}", row.key);
        }
        for c in &r.by_cost_type {
            assert_eq!(total(&store, &c.drill), c.outcome, "{}", c.name);
        }
        assert_eq!(r.monthly.iter().map(|m| m.outcome).sum::<Amount>(), r.total.total);
    }
}
