//! The ledger lines behind a figure, and the controller's comments on rows.

use super::Session;
use crate::error::Result;
use crate::store::{Comment, LineQuery, Lines};
use std::collections::BTreeMap;

/// The lines behind a figure: a report row's `drill` query, or one built from a filter.
pub fn lines(s: &Session, q: &LineQuery) -> Result<Lines> {
    s.store().lines(q)
}

/// Write (or with empty text, remove) the explanation on a report row.
pub fn set_comment(s: &mut Session, key: &str, text: &str) -> Result<()> {
    s.store_mut().set_comment(key, text)
}

/// `set_comment`, refused (a conflict showing both texts) when the comment
/// is no longer `base`, the text the writer began from: someone else
/// changed it since (a shared database).
pub fn set_comment_over(s: &mut Session, key: &str, text: &str, base: Option<&str>) -> Result<()> {
    s.store_mut().set_comment_over(key, text, base)
}

/// Every comment by its row key.
pub fn comments(s: &Session) -> Result<BTreeMap<String, Comment>> {
    s.store().comments()
}

/// The key of the same row one period earlier. A comment key is
/// `<report>/<period>/<row…>` (`ram/201806/IT/Nät`, `drift/201806/…`,
/// `ram/2018/IT` for a whole year): a month's previous is the month before
/// (January's the previous December), a year's the year before.
pub fn previous_comment_key(key: &str) -> Option<String> {
    let mut parts = key.splitn(3, '/');
    let (report, period, rest) = (parts.next()?, parts.next()?, parts.next());
    if !period.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = period.parse().ok()?;
    let prev = match period.len() {
        6 if n % 100 == 1 => (n / 100 - 1) * 100 + 12,
        6 if (2..=12).contains(&(n % 100)) => n - 1,
        4 if n > 0 => n - 1,
        _ => return None,
    };
    Some(match rest {
        Some(r) => format!("{report}/{prev}/{r}"),
        None => format!("{report}/{prev}"),
    })
}

/// The explanation written on the same row for the previous period (context
/// while writing this one's), if there is one.
pub fn previous_comment(s: &Session, key: &str) -> Result<Option<Comment>> {
    let Some(prev) = previous_comment_key(key) else { return Ok(None) };
    Ok(s.store().comments()?.remove(&prev))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_previous_period_of_a_month_a_january_and_a_year() {
        assert_eq!(previous_comment_key("ram/201806/IT/Nät").as_deref(), Some("ram/201805/IT/Nät"));
        assert_eq!(previous_comment_key("drift/201801/Personal").as_deref(), Some("drift/201712/Personal"));
        assert_eq!(previous_comment_key("ram/2018/IT").as_deref(), Some("ram/2017/IT"));
        assert_eq!(previous_comment_key("ram/2018").as_deref(), Some("ram/2017"));
        assert_eq!(previous_comment_key("ram/201813/IT"), None);
        assert_eq!(previous_comment_key("ram/x/IT"), None);
        assert_eq!(previous_comment_key("ram"), None);
    }

    #[test]
    fn previous_comment_reads_last_months_text_on_the_same_row() {
        let mut s = Session::from_store(Store::open_in_memory().unwrap());
        set_comment(&mut s, "drift/201805/Personal", "vakanser på VO Drift").unwrap();
        set_comment(&mut s, "drift/201805/Övrigt", "annan rad").unwrap();
        let prev = previous_comment(&s, "drift/201806/Personal").unwrap().unwrap();
        assert_eq!((prev.key.as_str(), prev.text.as_str()), ("drift/201805/Personal", "vakanser på VO Drift"));
        assert!(previous_comment(&s, "drift/201807/Personal").unwrap().is_none());
    }
}
