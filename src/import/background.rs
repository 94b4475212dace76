//! Reading the sheet on a second thread while the importing one validates
//! and inserts, through recycled chunks.

use super::source::{Cell, Workbook};
use crate::error::{Error, Location, Result};
use std::sync::mpsc::{Receiver, SyncSender};

/// Rows per chunk handed from the reader thread to the importing one.
const CHUNK: usize = 2048;

/// (rows filled, rows of (row index, width, cells)): `rows` may hold more,
/// stale, rows, kept for their buffers.
type Chunk = (usize, Vec<(u32, usize, Vec<Cell>)>);

/// Read the sheet on a second thread while this one validates and inserts:
/// on two cores, parsing the XML and writing SQLite overlap. Chunks travel
/// through a small bounded channel, so memory stays flat however long the
/// sheet is, and go back to the reader once used: their rows and strings are
/// overwritten in place, so the steady state allocates nothing and no memory
/// is freed on a thread other than the one that allocated it (glibc's arenas
/// made that cross-thread traffic a third of the reader's time). When `f`
/// stops (or fails) the reader stops at its next chunk.
pub(super) fn rows_in_background(
    wb: Workbook,
    sheet: &str,
    f: &mut dyn FnMut(u32, &[Cell]) -> Result<bool>,
) -> Result<()> {
    let file = Location::file(&wb.path);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Chunk>();
        let reader = scope.spawn(move || read_chunks(wb, sheet, tx, back_rx));
        let mut result = Ok(());
        'chunks: while let Ok(mut chunk) = rx.recv() {
            for (r, width, cells) in &chunk.1[..chunk.0] {
                match f(*r, &cells[..*width]) {
                    Ok(true) => {}
                    Ok(false) => break 'chunks,
                    Err(e) => {
                        result = Err(e);
                        break 'chunks;
                    }
                }
            }
            chunk.0 = 0;
            let _ = back_tx.send(chunk);
        }
        drop(rx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(Error::input(file, "filen kunde inte läsas: läsartråden avbröts oväntat")));
        result.and(read)
    })
}

/// The reader thread: fill chunks with rows (reusing the buffers of chunks
/// that came back) and send each one full; stop when the importer has.
fn read_chunks(mut wb: Workbook, sheet: &str, tx: SyncSender<Chunk>, back_rx: Receiver<Chunk>) -> Result<()> {
    let mut chunk: Chunk = (0, Vec::with_capacity(CHUNK));
    wb.for_each_row_buf(sheet, &mut |r, row, width| {
        let (n, rows) = &mut chunk;
        // the row moves into the chunk; the slot's old buffer becomes
        // the reader's next row buffer
        match rows.get_mut(*n) {
            Some(slot) => {
                (slot.0, slot.1) = (r, width);
                std::mem::swap(&mut slot.2, row);
            }
            None => rows.push((r, width, std::mem::take(row))),
        }
        *n += 1;
        if *n == CHUNK {
            let next = back_rx.try_recv().unwrap_or_else(|_| (0, Vec::with_capacity(CHUNK)));
            let full = std::mem::replace(&mut chunk, next);
            // a closed channel means the importer has stopped
            return Ok(tx.send(full).is_ok());
        }
        Ok(true)
    })?;
    if chunk.0 > 0 {
        let _ = tx.send(chunk);
    }
    Ok(())
}
