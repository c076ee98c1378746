//! Lines for the user on stderr and stdout that never panic: a closed stream (EPIPE) loses the text, nothing
//! else; stdout that cannot take it for another reason (a full disk) is an error for the caller to report.
//!
//! `println!` and `eprintln!` panic when their stream is gone (a pipe whose reader quit, a terminal that hung
//! up), so the crate denies them (`clippy::print_stdout`, `clippy::print_stderr`) and writes through here.

use std::fmt;
use std::io::{self, Write};

use crate::exit::Error;

/// Writes a line to stderr, like `eprintln!`, ignoring a stream that is gone.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::line(&mut ::std::io::stderr(), ::std::format_args!($($arg)*))
    };
}

/// Writes a line to stdout, like `println!`: a reader that stopped early (EPIPE) loses it quietly, any other
/// failure is an [`Error::Stdout`] (see [`out`]).
#[macro_export]
macro_rules! say_out {
    ($($arg:tt)*) => {
        $crate::console::out(::std::format!("{}\n", ::std::format_args!($($arg)*)).as_bytes())
    };
}

/// Writes `args` and a newline to `stream` and flushes it; whether that worked is the stream's business.
pub fn line(stream: &mut impl Write, args: fmt::Arguments<'_>) {
    let _ = stream
        .write_fmt(args)
        .and_then(|()| stream.write_all(b"\n"))
        .and_then(|()| stream.flush());
}

/// Writes `bytes` to stdout and flushes it. A reader that stopped early (EPIPE: `… | head`) is fine, as it is
/// for any Unix tool; any other failure (a full disk, a device error) is an [`Error::Stdout`]: what was asked
/// for was not written, and the user must hear of it.
pub fn out(bytes: &[u8]) -> Result<(), Error> {
    write_all_or_gone(&mut io::stdout().lock(), bytes).map_err(Error::Stdout)
}

/// Writes and flushes `bytes`, taking a stream whose reader has gone (EPIPE) as written.
fn write_all_or_gone(stream: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    match stream.write_all(bytes).and_then(|()| stream.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// Shows `text` on stderr without a line break (a prompt), flushed, ignoring a stream that is gone.
pub fn prompt(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream whose reader has gone: every write fails as a closed pipe does.
    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_line_to_a_closed_stream_is_lost_quietly() {
        line(&mut Gone, format_args!("lost {}", 1));
    }

    /// A stream on a full disk: every write fails with ENOSPC.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::StorageFull.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn output_to_a_closed_pipe_counts_as_written_but_a_full_disk_does_not() {
        assert!(write_all_or_gone(&mut Gone, b"lost\n").is_ok());
        let full = write_all_or_gone(&mut Full, b"lost\n").unwrap_err();
        assert_eq!(full.kind(), io::ErrorKind::StorageFull);
        let mut written = Vec::new();
        write_all_or_gone(&mut written, b"kept\n").unwrap();
        assert_eq!(written, b"kept\n");
    }

    #[test]
    fn a_line_ends_with_a_newline() {
        let mut written = Vec::new();
        line(&mut written, format_args!("a {}", "b"));
        assert_eq!(written, b"a b\n");
    }
}
