//! The connections the server accepts. hyper answers some malformed
//! requests itself, before any of our layers sees them: 400 for a request
//! line or header that does not parse, 414 for a request target over 64 KiB
//! and 431 for a head over its buffer. Those answers have no body and none
//! of our headers. [`GuardedIo`] recognises them as they are written (an
//! answer of ours always carries `x-content-type-options`) and writes, in
//! their place, the same status with the JSON error envelope and the
//! security headers. hyper closes the connection after such an answer, so
//! nothing follows it.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::security::{HEADERS, HSTS, status_code_name};

/// A TCP listener whose connections are [`GuardedIo`].
#[derive(Debug)]
pub(crate) struct GuardedListener {
    inner: TcpListener,
    secure: bool,
}

impl GuardedListener {
    /// Wraps `inner`; `secure` adds HSTS to the answers written in hyper's place.
    pub(crate) fn new(inner: TcpListener, secure: bool) -> Self {
        Self { inner, secure }
    }
}

impl axum::serve::Listener for GuardedListener {
    type Io = GuardedIo<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        (GuardedIo::new(io, self.secure), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection whose automatic hyper answers are replaced by ours.
#[derive(Debug)]
pub(crate) struct GuardedIo<T> {
    inner: T,
    secure: bool,
    /// Our answer being written in place of hyper's, how far, and the length
    /// of hyper's (reported as written once ours is out).
    replacing: Option<(Vec<u8>, usize, usize)>,
}

impl<T> GuardedIo<T> {
    fn new(inner: T, secure: bool) -> Self {
        Self {
            inner,
            secure,
            replacing: None,
        }
    }
}

/// The status of an answer hyper made itself, if `buf` starts one.
fn automatic_answer(buf: &[u8]) -> Option<StatusCode> {
    let line = buf.strip_prefix(b"HTTP/1.1 ")?;
    let status = match line.get(..4)? {
        b"400 " => StatusCode::BAD_REQUEST,
        b"414 " => StatusCode::URI_TOO_LONG,
        b"431 " => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = buf[..end].to_ascii_lowercase();
    let ours = head
        .windows(b"\r\nx-content-type-options:".len())
        .any(|w| w == b"\r\nx-content-type-options:");
    (!ours).then_some(status)
}

/// The answer written instead of hyper's.
fn replacement(status: StatusCode, secure: bool) -> Vec<u8> {
    let message = match status {
        StatusCode::URI_TOO_LONG => "the request target is too long",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "the request headers are too large",
        _ => "the request is malformed",
    };
    let body = serde_json::json!({
        "error": {"code": status_code_name(status), "message": message}
    })
    .to_string();
    let mut out = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\ncache-control: no-store\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    let hsts = secure.then_some(HSTS);
    for (name, value) in HEADERS.into_iter().chain(hsts) {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&body);
    out.into_bytes()
}

impl<T: AsyncRead + Unpin> AsyncRead for GuardedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for GuardedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none() {
            match automatic_answer(buf) {
                Some(status) => {
                    this.replacing = Some((replacement(status, this.secure), 0, buf.len()));
                }
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        while let Some((ours, written, theirs)) = this.replacing.as_mut() {
            if *written == ours.len() {
                let theirs = *theirs;
                this.replacing = None;
                return Poll::Ready(Ok(theirs));
            }
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &ours[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(0))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then hands each answer's head over in one buffer,
    // which is what `automatic_answer` reads.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_own_answers_are_recognised_and_ours_are_not() {
        let hyper = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(automatic_answer(hyper), Some(StatusCode::URI_TOO_LONG));
        let ours = b"HTTP/1.1 400 Bad Request\r\nX-Content-Type-Options: nosniff\r\n\r\n{}";
        assert_eq!(automatic_answer(ours), None);
        assert_eq!(automatic_answer(b"HTTP/1.1 200 OK\r\n\r\n"), None);
        assert_eq!(automatic_answer(b"{\"HTTP/1.1 400 \"}"), None);
    }

    #[test]
    fn the_replacement_is_a_complete_answer_in_the_envelope() {
        let text = String::from_utf8(replacement(StatusCode::URI_TOO_LONG, true)).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(head.contains("x-content-type-options: nosniff"));
        assert!(head.contains("strict-transport-security: max-age="));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["code"], "uri_too_long");
    }
}
