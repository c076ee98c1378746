//! Lines for the user on stderr and stdout that never panic: a closed stream (EPIPE) loses the text, nothing
//! else; stdout that cannot take it for another reason (a full disk) is an error for the caller to report.
//!
//! Text for people fits 80 columns: [`wrapped`] wraps it with a hanging indent.
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

/// The width text for people fits: an 80-column terminal, and the same text in a pipe.
pub const WIDTH: usize = 80;

/// `text` wrapped at spaces (never inside a URL or a path, unless one is longer than a line) to
/// [`WIDTH`] columns, its first line indented by `first` spaces and the others by `rest` (a hanging
/// indent when `rest` is the larger).
pub fn wrapped(text: &str, first: usize, rest: usize) -> String {
    wrapped_to(WIDTH, &" ".repeat(first), &" ".repeat(rest), text)
}

/// `text` wrapped at spaces to `width` columns (a word longer than a line alone is broken), its first
/// line after `first` and the others after `rest`; `first` may be coloured (escape sequences take no
/// column).
pub fn wrapped_to(width: usize, first: &str, rest: &str, text: &str) -> String {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
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

    #[test]
    fn a_coloured_first_indent_takes_only_its_visible_columns() {
        let first = "\u{1b}[31mFAIL\u{1b}[0m TCP ";
        let text = "word ".repeat(30);
        let wrapped = wrapped_to(40, first, &" ".repeat(9), &text);
        let lines: Vec<&str> = wrapped.lines().collect();
        // 9 visible columns, then as many words as the 40 allow (6): the escapes take none.
        assert_eq!(lines[0].matches("word").count(), 6, "{lines:?}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("         word")),
            "{lines:?}"
        );
    }

    #[test]
    fn wrapped_text_fits_and_hangs_under_its_first_line() {
        let text = format!(
            "work: logged in as {} at https://{}/api",
            "u".repeat(30),
            "h".repeat(50)
        );
        let lines: Vec<String> = wrapped(&text, 0, 4).lines().map(String::from).collect();
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{lines:?}"
        );
        assert!(lines[0].starts_with("work: "), "{lines:?}");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("    ") && !l.starts_with("     ")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.trim() == format!("https://{}/api", "h".repeat(50))),
            "a URL is never split: {lines:?}"
        );
        assert_eq!(wrapped("short", 2, 4), "  short");
    }
}
