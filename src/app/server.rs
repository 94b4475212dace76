//! A division's shared database on a server: what IT sets up once.

use super::Session;
use crate::error::Result;
use crate::store::Roles;

/// The reader and writer roles, and the schema at this Ramkoll's version
/// (opening the session migrated it, as the owner): `ramkoll db init`.
pub fn init_roles(s: &Session, reader: &str, writer: &str) -> Result<Roles> {
    s.store().init_roles(reader, writer)
}
