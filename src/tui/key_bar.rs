//! The key bar at the bottom: the keys of what is on screen that fit in its width, most important first,
//! each with a word for what it does, and always the key to the help popup, which lists the rest.

use super::keys::{BarEntry, KeyMap};

/// What stands between two entries.
pub const SEPARATOR: &str = " · ";

/// The columns an entry takes, with the separator before it.
fn cost(entry: &BarEntry) -> usize {
    entry.keys.chars().count() + 1 + entry.word.chars().count() + SEPARATOR.chars().count()
}

/// The entries for `map` in `width` columns, in the map's order: those shown at any width, and of the
/// others, going down the map (most important first), each that still fits.
pub fn entries(map: &KeyMap, width: usize) -> Vec<BarEntry> {
    let all: Vec<BarEntry> = map.iter().filter_map(|binding| binding.bar).collect();
    // Every entry is counted with a separator; the first has none, hence the one extra allowed.
    let room = width + SEPARATOR.chars().count();
    let mut used: usize = all.iter().filter(|e| e.always).map(cost).sum();
    let mut shown: Vec<bool> = all.iter().map(|e| e.always).collect();
    for (i, entry) in all.iter().enumerate() {
        if !entry.always && used + cost(entry) <= room {
            used += cost(entry);
            shown[i] = true;
        }
    }
    all.into_iter()
        .zip(shown)
        .filter_map(|(entry, shown)| shown.then_some(entry))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::{Action, FORM, FORM_WITH_PROFILES, STEP_UNKNOWN, tests::ALL};

    fn shown(map: &KeyMap, width: usize) -> Vec<&'static str> {
        entries(map, width).iter().map(|e| e.keys).collect()
    }

    /// The columns the bar takes as drawn.
    fn drawn_width(map: &KeyMap, width: usize) -> usize {
        let entries = entries(map, width);
        let costs: usize = entries.iter().map(cost).sum();
        costs.saturating_sub(SEPARATOR.chars().count())
    }

    #[test]
    fn the_bar_shows_only_keys_the_binding_has() {
        for map in ALL {
            for binding in map {
                if let Some(entry) = binding.bar {
                    let label: Vec<&str> = binding.label.split('/').collect();
                    assert!(
                        entry.keys.split('/').all(|k| label.contains(&k)),
                        "{binding:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_map_leads_to_the_help_or_closes_it() {
        for map in ALL {
            let always: Vec<_> = map
                .iter()
                .filter(|b| b.bar.is_some_and(|e| e.always))
                .collect();
            assert_eq!(always.len(), 1, "{map:?}");
            assert!(
                always[0]
                    .keys
                    .iter()
                    .any(|(_, a)| matches!(a, Action::OpenHelp | Action::CloseHelp)),
                "{map:?}"
            );
        }
    }

    #[test]
    fn the_most_important_keys_fit_first_and_help_is_always_there() {
        assert_eq!(
            shown(FORM, 80),
            ["Enter", "Tab/↓", "⇧Tab/↑", "Ctrl-C", "F2", "F1"]
        );
        assert_eq!(
            shown(FORM_WITH_PROFILES, 80),
            ["Enter", "Tab/↓", "⇧Tab/↑", "Ctrl-C", "Ctrl-P", "F1"],
            "with profiles to switch to, Ctrl-P before F2"
        );
        assert_eq!(shown(FORM, 40), ["Enter", "Tab/↓", "F1"]);
        assert_eq!(shown(FORM, 12), ["F1"]);
        assert_eq!(
            shown(STEP_UNKNOWN, 40),
            ["Enter", "Esc", "F1"],
            "a long entry that does not fit leaves room to a shorter one after it"
        );
    }

    #[test]
    fn the_bar_never_overflows_where_its_help_key_fits() {
        for map in ALL {
            for width in 16..=120 {
                assert!(drawn_width(map, width) <= width, "{map:?} at {width}");
            }
        }
    }

    #[test]
    fn every_screen_shows_its_first_keys_with_words_at_80_columns() {
        for map in ALL {
            let entries = entries(map, 80);
            assert!(entries.len() >= 2, "{map:?}");
            assert_eq!(Some(entries[0]), map[0].bar, "the first key is in the bar");
        }
    }
}
