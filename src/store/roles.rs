//! The roles a region's IT gives a division's shared database (PostgreSQL
//! only): one that reads every report and export and changes nothing, and one
//! that also imports, comments and plans. The server enforces them with its
//! GRANTs; Ramkoll's own checks are not what stops a reader. The owner (who
//! ran `db init`) keeps the schema: a later Ramkoll's migrations run as it.

use super::Store;
use crate::error::{Error, Result};

/// What `init_roles` set up.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Roles {
    pub database: String,
    pub owner: String,
    pub reader: String,
    pub writer: String,
    pub schema_version: usize,
}

/// A role name as the server will take it unquoted: letters, digits, `_`.
fn checked(name: &str) -> Result<&str> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(name)
    } else {
        Err(Error::invalid("role", format!("rollnamnet «{name}»: bara a–z, 0–9 och _, högst 63 tecken")))
    }
}

impl Store {
    /// Create (when missing) the reader and writer roles (NOLOGIN: IT grants
    /// them to people's own login roles) and grant them this database.
    pub fn init_roles(&self, reader: &str, writer: &str) -> Result<Roles> {
        if !self.is_server() {
            return Err(Error::usage("roller finns bara i en gemensam databas på en server (PostgreSQL)"));
        }
        let (reader, writer) = (checked(reader)?, checked(writer)?);
        let tx = self.db.begin()?;
        let (database, owner): (String, String) =
            tx.query_row("SELECT current_database()::text, current_user::text", super::db::params![], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        for role in [reader, writer] {
            tx.execute_batch(&format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; END $$;"
            ))?;
        }
        tx.execute_batch(&format!(
            "GRANT CONNECT, TEMPORARY ON DATABASE \"{database}\" TO {reader}, {writer};
             GRANT USAGE ON SCHEMA public TO {reader}, {writer};
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}, {writer};
             GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {writer};
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {writer};
             ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {reader}, {writer};
             ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO {writer};
             ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {writer};"
        ))?;
        tx.commit()?;
        Ok(Roles {
            database,
            owner,
            reader: reader.into(),
            writer: writer.into(),
            schema_version: super::schema::MIGRATIONS.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::checked;

    #[test]
    fn a_role_name_that_would_need_quoting_is_refused() {
        assert!(checked("ramkoll_las").is_ok());
        for bad in ["", "Ramkoll", "a-b", "1abc", "x; DROP TABLE comment", &"a".repeat(64)] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }
}
