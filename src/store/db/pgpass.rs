//! The PostgreSQL password file, read as libpq reads it, so a password lives
//! where a region's IT already puts it and never in Ramkoll's settings:
//! `PGPASSFILE`, else `~/.pgpass` (Unix) or `%APPDATA%\postgresql\pgpass.conf`
//! (Windows). Each line `host:port:database:user:password`; `*` matches
//! anything; `\:` and `\\` are a colon and a backslash.

use super::PgConfig;
use std::path::PathBuf;

fn file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        std::env::var_os("APPDATA").map(|a| PathBuf::from(a).join("postgresql").join("pgpass.conf"))
    } else {
        directories::BaseDirs::new().map(|b| b.home_dir().join(".pgpass"))
    }
}

pub(crate) fn lookup(c: &PgConfig) -> Option<String> {
    let text = std::fs::read_to_string(file()?).ok()?;
    let host = c.host();
    // libpq matches a socket connection against "localhost"
    let host = if host.starts_with('/') { "localhost".to_string() } else { host };
    find(&text, &host, &c.port().to_string(), &c.dbname(), &c.user())
}

fn find(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        if f.len() < 5 {
            continue;
        }
        let matches = |pat: &str, v: &str| pat == "*" || pat == v;
        if matches(&f[0], host) && matches(&f[1], port) && matches(&f[2], db) && matches(&f[3], user) {
            return Some(f[4].clone());
        }
    }
    None
}

fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                if let Some(n) = chars.next() {
                    if let Some(s) = out.last_mut() {
                        s.push(n)
                    }
                }
            }
            // the password is the rest of the line, colons and all
            ':' if out.len() < 5 => out.push(String::new()),
            _ => {
                if let Some(s) = out.last_mut() {
                    s.push(ch)
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# comment\nother:5432:*:*:no\ndb.region.se:5432:lansteknik:anna:hemligt\n*:*:*:anna:fallback\n";
        assert_eq!(find(text, "db.region.se", "5432", "lansteknik", "anna").as_deref(), Some("hemligt"));
        assert_eq!(find(text, "db.region.se", "5433", "lansteknik", "anna").as_deref(), Some("fallback"));
        assert_eq!(find(text, "db.region.se", "5433", "lansteknik", "bo"), None);
    }

    #[test]
    fn escaped_colons_and_backslashes() {
        let text = r"h\:1:5432:db:u:pa\:ss\\wd";
        assert_eq!(find(text, "h:1", "5432", "db", "u").as_deref(), Some(r"pa:ss\wd"));
    }
}
