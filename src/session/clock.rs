//! Times as a person reads them: a time left to the unit that matters, an instant on the local clock.

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
}
