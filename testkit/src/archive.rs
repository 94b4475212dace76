//! Zip helpers shared by the hand-written workbooks: a fixed entry time
//! (so the bytes are the same on every run) and the error mapping.

use ramkoll::{Error, Result};

/// 08:00 on the given day: the modification time of every zip entry.
pub fn fixed_time(year: u16, month: u8, day: u8) -> Result<zip::DateTime> {
    zip::DateTime::from_date_and_time(year, month, day, 8, 0, 0)
        .map_err(|e| Error::internal(format!("zip time {year}-{month}-{day}: {e:?}")))
}

pub fn zip_err(e: zip::result::ZipError) -> Error {
    Error::Io(std::io::Error::other(format!("zip: {e}")))
}
