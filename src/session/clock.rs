//! Times as a person reads them: a time left to the unit that matters, an instant on the local clock.

use std::time::Duration;

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
    local_time_in(at, &jiff::tz::TimeZone::system())
}

/// A time as a clock in `zone` shows it.
pub fn local_time_in(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
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
