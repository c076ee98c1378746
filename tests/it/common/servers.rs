//! Purpose-built loopback servers for what the sandbox cannot do: the same canned answer to every
//! connection, silence, and TLS with a certificate of the test's own making.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A canned HTTP/1.1 response that closes the connection after `body`.
pub fn http(status: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The real server's answer to a request without a known app key, with `Date` set to `date`.
pub fn app_key_error_at(date: SystemTime) -> Vec<u8> {
    let headers = format!(
        "Content-Type: application/json; charset=utf-8\r\nDate: {}\r\n",
        jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(
                &jiff::Timestamp::try_from(date).expect("a time jiff holds")
            )
            .expect("a time an HTTP date holds")
    );
    http(
        "401 Unauthorized",
        &headers,
        r#"{"error":"Application key is not defined or does not exist"}"#,
    )
}

/// What a server does with each connection it accepts.
#[derive(Clone)]
enum Behaviour {
    /// Reads the request, writes the bytes, closes.
    Answer(Arc<Vec<u8>>),
    /// Holds the connection open and says nothing until the server stops.
    Silent,
    /// A TLS handshake with this certificate, then as `Answer`.
    Tls(Arc<rustls::ServerConfig>, Arc<Vec<u8>>),
}

/// A server on 127.0.0.1 that runs on threads of its own until dropped, so a test can run the real binary
/// against it without an async runtime.
pub struct Loopback {
    port: u16,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Loopback {
    /// Answers every connection with `response` verbatim after reading its request.
    pub fn answering(response: Vec<u8>) -> Loopback {
        Loopback::start(Behaviour::Answer(Arc::new(response)))
    }

    /// Accepts connections and never sends a byte.
    pub fn silent() -> Loopback {
        Loopback::start(Behaviour::Silent)
    }

    /// Speaks TLS with `certificate`, then answers every request with `response`.
    pub fn tls(certificate: &Certificate, response: Vec<u8>) -> Loopback {
        Loopback::start(Behaviour::Tls(
            certificate.server_config(),
            Arc::new(response),
        ))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `SCHEME://127.0.0.1:PORT/api`.
    pub fn base_url(&self, scheme: &str) -> String {
        format!("{scheme}://127.0.0.1:{}/api", self.port)
    }

    fn start(behaviour: Behaviour) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = stopping.clone();
        let acceptor = std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                match &behaviour {
                    Behaviour::Silent => held.push(stream),
                    other => {
                        let other = other.clone();
                        std::thread::spawn(move || serve(stream, &other));
                    }
                }
            }
        });
        Loopback {
            port,
            stopping,
            acceptor: Some(acceptor),
        }
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the blocked accept so the thread sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn serve(mut stream: TcpStream, behaviour: &Behaviour) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    match behaviour {
        Behaviour::Answer(response) => {
            read_request(&mut stream);
            let _ = stream.write_all(response);
            let _ = stream.shutdown(Shutdown::Write);
        }
        Behaviour::Tls(config, response) => {
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                return;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            if read_request(&mut tls) {
                let _ = tls.write_all(response);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
        }
        Behaviour::Silent => {}
    }
}

/// Reads until the blank line that ends a request's head (or a TLS hello's first read); false when the
/// peer went away or the TLS handshake failed first.
fn read_request(stream: &mut impl Read) -> bool {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        let tls_hello = request.first() == Some(&0x16);
        if tls_hello || request.windows(4).any(|w| w == b"\r\n\r\n") {
            return true;
        }
    }
}

/// A certificate for some names, signed by a CA of the test's own (trusted by nobody else).
pub struct Certificate {
    /// The CA's certificate, PEM: what `--cacert` takes.
    pub ca_pem: String,
    chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
}

impl Certificate {
    /// A leaf certificate for `names` (DNS names or IP addresses) signed by a fresh CA.
    pub fn for_names(names: &[&str]) -> Certificate {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "autoshares-login test CA");
        let ca_cert = ca_params.self_signed(&ca_key).expect("the CA certificate");
        let issuer = Issuer::new(ca_params, ca_key);
        let leaf_key = KeyPair::generate().expect("a server key");
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let leaf = CertificateParams::new(names)
            .expect("server certificate parameters")
            .signed_by(&leaf_key, &issuer)
            .expect("the server certificate");
        Certificate {
            ca_pem: ca_cert.pem(),
            chain: vec![leaf.der().clone()],
            key: leaf_key.serialize_der(),
        }
    }

    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()));
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), key)
            .expect("a TLS server configuration");
        Arc::new(config)
    }
}
