//! TLS to the database server, as libpq's `sslmode` asks: `disable` (none),
//! `prefer` (the default: encrypted when the server offers it), `require`
//! (encrypted or no connection) — both without checking the certificate, as
//! libpq does — and `verify-ca`/`verify-full`: encrypted to a server whose
//! certificate a trusted authority signed for the host name (the system's
//! authorities, or `sslrootcert=FILE`; verify-ca is checked as verify-full).
//! rustls with the `ring` provider: pure Rust, no OpenSSL to install on a
//! controller's Windows desktop or a build machine.

use crate::error::{Error, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What the connection string asked of TLS beyond what the client parses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verify {
    /// verify-ca or verify-full: the certificate is checked.
    pub(crate) check: bool,
    /// `sslrootcert`: the authority to trust instead of the system's.
    pub(crate) root: Option<PathBuf>,
}

/// Take libpq's verifying modes and `sslrootcert` out of a connection string
/// (the client knows disable/prefer/require only): the string for the
/// client, with verify-* as `require`, and what to verify.
pub(crate) fn split(conn: &str) -> (String, Verify) {
    let mut v = Verify::default();
    let url = conn.starts_with("postgres://") || conn.starts_with("postgresql://");
    let sep = if url { '&' } else { ' ' };
    let (head, tail) = match (url, conn.split_once('?')) {
        (true, Some((h, t))) => (format!("{h}?"), t.to_string()),
        (true, None) => return (conn.to_string(), v),
        (false, _) => (String::new(), conn.to_string()),
    };
    let mut kept = Vec::new();
    for part in tail.split(sep).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("sslmode", m)) if m == "verify-full" || m == "verify-ca" => {
                v.check = true;
                kept.push("sslmode=require".to_string());
            }
            Some(("sslrootcert", f)) => v.root = Some(PathBuf::from(f.trim_matches('\''))),
            _ => kept.push(part.to_string()),
        }
    }
    (format!("{head}{}", kept.join(&sep.to_string())), v)
}

pub(crate) fn connector(v: &Verify) -> Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS: {e}")))?;
    let config = if v.check {
        let mut roots = RootCertStore::empty();
        match &v.root {
            Some(file) => {
                let certs = CertificateDer::pem_file_iter(file)
                    .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                    .map_err(|e| Error::File {
                        path: file.clone(),
                        message: format!("kan inte läsa certifikatet (sslrootcert): {e}"),
                    })?;
                roots.add_parsable_certificates(certs);
            }
            None => {
                roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder.dangerous().with_custom_certificate_verifier(Arc::new(Unchecked(provider))).with_no_client_auth()
    };
    Ok(MakeRustlsConnect::new(config))
}

/// `prefer`/`require`: encrypted, the certificate not checked (libpq's meaning
/// of those modes; the signatures of the handshake still are).
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_modes_and_the_root_certificate_are_taken_out() {
        let (s, v) = split("host=db.region.se dbname=lt sslmode=verify-full sslrootcert=/etc/ca.pem");
        assert_eq!(s, "host=db.region.se dbname=lt sslmode=require");
        assert_eq!(v, Verify { check: true, root: Some(PathBuf::from("/etc/ca.pem")) });
        let (s, v) = split("postgres://anna@db/lt?sslmode=verify-ca&application_name=x");
        assert_eq!(s, "postgres://anna@db/lt?sslmode=require&application_name=x");
        assert!(v.check);
        let (s, v) = split("postgres://anna@db/lt?sslmode=require");
        assert_eq!(s, "postgres://anna@db/lt?sslmode=require");
        assert_eq!(v, Verify::default());
        assert_eq!(split("host=/tmp port=5433").0, "host=/tmp port=5433");
    }
}
