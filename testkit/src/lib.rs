//! Ramkoll's test tooling, kept out of the product library: the seeded
//! fixture generator (`fixtures/`), the bad-input catalogue
//! (`fixtures/bad/`), the benchmark, and the one seeded random generator
//! they and the crash and fuzz tests share.

pub mod archive;
pub mod badfiles;
pub mod bench;
pub mod fixtures;
pub mod pg;
pub mod rng;
pub mod xml;
