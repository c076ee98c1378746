//! Lines for the user on stderr and stdout that never panic: a closed stream (EPIPE) loses the text, nothing else.
//!
//! `println!` and `eprintln!` panic when their stream is gone (a pipe whose reader quit, a terminal that hung
//! up), so the crate denies them (`clippy::print_stdout`, `clippy::print_stderr`) and writes through here.

use std::fmt;
use std::io::{self, Write};

/// Writes a line to stderr, like `eprintln!`, ignoring a stream that is gone.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::line(&mut ::std::io::stderr(), ::std::format_args!($($arg)*))
    };
}

/// Writes a line to stdout, like `println!`, ignoring a stream that is gone.
#[macro_export]
macro_rules! say_out {
    ($($arg:tt)*) => {
        $crate::console::line(&mut ::std::io::stdout(), ::std::format_args!($($arg)*))
    };
}

/// Writes `args` and a newline to `stream` and flushes it; whether that worked is the stream's business.
pub fn line(stream: &mut impl Write, args: fmt::Arguments<'_>) {
    let _ = stream
        .write_fmt(args)
        .and_then(|()| stream.write_all(b"\n"))
        .and_then(|()| stream.flush());
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

    #[test]
    fn a_line_ends_with_a_newline() {
        let mut written = Vec::new();
        line(&mut written, format_args!("a {}", "b"));
        assert_eq!(written, b"a b\n");
    }
}
