//! The support tools' runs: `doctor` and `inspect FILE`.

use std::io::IsTerminal;
use std::path::Path;

use crate::diag::log_reader;
use crate::diag::report;
use crate::diag::sanitize::sanitize;
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::Context;
use crate::{doctor, say, say_out, tui};

/// Runs the doctor's checks and prints them on stdout: exit 0 when none failed, 1 when one did.
pub fn doctor(context: &Context, runtime: &LazyRuntime, json: bool) -> Result<Exit, Error> {
    let findings = runtime.block_on(doctor::run(context))?;
    if json {
        say_out!("{}", doctor::render::json(&findings))?;
    } else {
        let marks = doctor::render::Marks::detect(std::io::stdout().is_terminal());
        say_out!("{}", doctor::render::text(&findings, marks).trim_end())?;
    }
    // Exit 1, as for a refused login: the contract's code for "checked, and the answer is no".
    Ok(if doctor::passed(&findings) {
        Exit::Success
    } else {
        Exit::Refused
    })
}

/// Opens a `--log` file in the timeline viewer, or writes the support report from it to `report_to`
/// (`--report OUT`).
pub fn inspect(file: &Path, report_to: Option<&Path>) -> Result<Exit, Error> {
    let contents = log_reader::read(file)?;
    let source = sanitize(&file.display().to_string());
    let Some(out) = report_to else {
        let view = tui::inspect::LogView {
            source: &source,
            exchanges: &contents.exchanges,
            notes: &contents.notes,
        };
        tui::inspect::inspect(&view).map_err(|e| {
            Error::Terminal(std::io::Error::new(
                e.kind(),
                format!("{e}; without a terminal, write the report with --report OUT"),
            ))
        })?;
        return Ok(Exit::Success);
    };
    let text = crate::inspect::support_report(&contents, &source, std::time::SystemTime::now());
    let written = report::write(out, &text).map_err(|source| Error::Report {
        path: out.to_path_buf(),
        source,
    })?;
    for note in &contents.notes {
        say!("note: {note}");
    }
    say!("{}", sanitize(&written.to_string()));
    Ok(Exit::Success)
}
