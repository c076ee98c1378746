//! Times as a person reads and writes them: a time left to the unit that matters, an instant on the
//! local clock, a duration such as `90s`, `5m` or `1h 30m`.

use std::sync::LazyLock;
use std::time::Duration;

use jiff::tz::TimeZone;

/// The system's time zone, looked up once, on first use.
static SYSTEM_ZONE: LazyLock<TimeZone> = LazyLock::new(TimeZone::system);

/// The time zone times are shown in: the system's, looked up on first use (naming it makes jiff list
/// the whole zoneinfo directory, which a screen that shows no time need not wait for), or a fixed one.
#[derive(Clone, Debug, Default)]
pub enum LocalZone {
    #[default]
    System,
    Fixed(TimeZone),
}

impl LocalZone {
    /// The zone itself.
    pub fn zone(&self) -> TimeZone {
        match self {
            LocalZone::System => SYSTEM_ZONE.clone(),
            LocalZone::Fixed(zone) => zone.clone(),
        }
    }
}

/// `1 h 05 min`, `4 min 10 s`, `12 s`: a time left, to the unit that matters.
pub fn human_duration(left: Duration) -> String {
    let secs = left.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s:02} s"),
        _ => format!("{h} h {m:02} min"),
    }
}

/// Parses a duration a person wrote: `90s`, `5m`, `1h`, `24h`, `1h 30m`, `8h30m`, `2 days` (jiff's
/// friendly format). A day is 24 hours; the month (30.44 days) and year (365.25 days) that `humantime`
/// wrote into saved profiles are read as it meant them. Negative durations are refused.
pub fn parse_duration(text: &str) -> Result<Duration, jiff::Error> {
    /// `humantime`'s fixed month and year, in seconds.
    const MONTH_SECS: i64 = 2_630_016;
    const YEAR_SECS: i64 = 31_557_600;
    let span: jiff::Span = text.trim().parse()?;
    let calendar = span.get_years() as i64 * YEAR_SECS + span.get_months() as i64 * MONTH_SECS;
    let rest = span
        .years(0)
        .months(0)
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())?;
    let total = rest.checked_add(jiff::SignedDuration::from_secs(calendar));
    let total =
        total.ok_or_else(|| jiff::Error::from_args(format_args!("{text:?} is too long")))?;
    Duration::try_from(total)
}

/// A time as the user's clock shows it, e.g. `2026-03-02 17:05 CET`.
pub fn local_time(at: jiff::Timestamp) -> String {
    local_time_in(at, &SYSTEM_ZONE)
}

/// A time as a clock in `zone` shows it.
pub fn local_time_in(at: jiff::Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(human_duration(Duration::from_secs(12)), "12 s");
        assert_eq!(human_duration(Duration::from_secs(250)), "4 min 10 s");
        assert_eq!(human_duration(Duration::from_secs(3900)), "1 h 05 min");
        assert_eq!(human_duration(Duration::from_hours(24)), "24 h 00 min");
    }

    #[test]
    fn durations_read_as_written() {
        let secs = |text| parse_duration(text).map(|d| d.as_secs()).ok();
        assert_eq!(secs("90s"), Some(90));
        assert_eq!(secs("5m"), Some(300));
        assert_eq!(secs("5min"), Some(300));
        assert_eq!(secs("1h"), Some(3600));
        assert_eq!(secs("24h"), Some(86_400));
        assert_eq!(secs("1h 30m"), Some(5400));
        assert_eq!(secs("8h30m"), Some(30_600));
        assert_eq!(secs("1 day"), Some(86_400));
        assert_eq!(secs("1day 12h"), Some(129_600));
        assert_eq!(secs("2weeks"), Some(14 * 86_400));
        // What humantime wrote for 31 days: its month is 30.44 days.
        assert_eq!(secs("1month 13h 26m 24s"), Some(31 * 86_400));
        assert_eq!(
            parse_duration("250ms").ok(),
            Some(Duration::from_millis(250))
        );
        for wrong in ["", "90", "a day", "5x", "-5m", "1M", "99999999999y"] {
            assert!(parse_duration(wrong).is_err(), "{wrong:?}");
        }
    }
}
