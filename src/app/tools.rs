//! The support tools' runs: `doctor` and `inspect FILE`.

use std::io::IsTerminal;
use std::path::Path;
use std::time::SystemTime;

use crate::diag::log_reader;
use crate::diag::report;
use crate::diag::sanitize::sanitize;
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::Context;
use crate::{doctor, say, say_out, tui};

/// Runs the doctor's checks with the settings a login of this run would use and prints them, with the
/// run's context, on stdout; with `--report FILE`, also writes them to FILE for a ticket, followed by
/// the report of the `--log` file when one is given. Exit 0 when no check failed, 1 when one did.
pub fn doctor(context: &Context, runtime: &LazyRuntime, json: bool) -> Result<Exit, Error> {
    let run = &context.settings.run;
    // A log that cannot be read stops the run before anything is sent.
    let log = match (&run.report, &run.log) {
        (Some(_), Some(path)) => Some((path, log_reader::read(path)?)),
        _ => None,
    };
    let run_context = super::run_context(&context.settings, &context.paths.config);
    let findings = runtime.block_on(doctor::run(context))?;
    let render = &doctor::render::text;
    if json {
        say_out!("{}", doctor::render::json(&findings, &run_context))?;
    } else {
        let stdout = std::io::stdout();
        let marks = doctor::render::Marks::detect(stdout.is_terminal());
        let columns = stdout
            .is_terminal()
            .then(|| crossterm::terminal::size().ok());
        let width = doctor::render::width(columns.flatten().map(|(columns, _)| columns));
        say_out!(
            "{}",
            render(&findings, &run_context, marks, width).trim_end()
        )?;
    }
    if let Some(out) = &run.report {
        let now = SystemTime::now();
        let mut text = format!(
            "# autoshares-login doctor report\n\nWritten {:.0}. Secrets are never in it: attach it to a ticket as it is.\n\n{}",
            jiff::Timestamp::try_from(now).unwrap_or_default(),
            doctor::render::markdown(&findings, &run_context)
        );
        if let Some((path, contents)) = &log {
            let source = sanitize(&path.display().to_string());
            let log_report = crate::inspect::support_report(contents, &source, now);
            text.push('\n');
            text.push_str(&report::nested(&log_report));
        }
        let written = report::write(out, &text).map_err(|source| Error::Report {
            path: out.clone(),
            source,
        })?;
        say!("{}", sanitize(&written.to_string()));
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
