//! SIE files through the import, on an in-memory store.
