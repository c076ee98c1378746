//! The card's title and its right-side tag, fitted to the top border: each gives way whole before any is cut.

use textwrap::core::display_width;
use unicode_truncate::UnicodeTruncateStr;

/// The tag on the right of the border on the sandbox.
const SANDBOX_TAG: &str = " sandbox ";

/// The title (`name`, then ` · profile NAME`) and the tag to draw on a top border `width` columns wide
/// (corners included). The screen's name goes first; then the profile (` · profile NAME`, else
/// ` · NAME`); then the tag, when it fits beside them with a column of border between. Only a name
/// that does not fit alone is cut, with `…`.
pub(super) fn fit(
    name: &str,
    profile: Option<&str>,
    sandbox: bool,
    width: u16,
) -> (String, Option<&'static str>) {
    let room = usize::from(width.saturating_sub(2));
    let tag = sandbox.then_some(SANDBOX_TAG);
    let bare = format!(" {name} ");
    // In order of preference: the profile in some form comes before the tag.
    let mut choices = Vec::new();
    if let Some(profile) = profile {
        let full = format!(" {name} · profile {profile} ");
        let short = format!(" {name} · {profile} ");
        choices.extend([
            (full.clone(), tag),
            (short.clone(), tag),
            (full, None),
            (short, None),
        ]);
    }
    choices.extend([(bare.clone(), tag), (bare, None)]);
    let fits = |(title, tag): &(String, Option<&str>)| {
        display_width(title) + tag.map_or(0, |tag| 1 + tag.len()) <= room
    };
    choices
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| (format!(" {} ", cut(name, room.saturating_sub(2))), None))
}

/// The start of `text`, whole words where it has some, that fits in `columns` with a `…` after it;
/// nothing when not even `…` fits.
fn cut(text: &str, columns: usize) -> String {
    if columns == 0 {
        return String::new();
    }
    let (kept, _) = text.unicode_truncate(columns - 1);
    // At a word's end when the cut leaves a word of it.
    let words = match kept.rfind(' ') {
        Some(end) if kept.len() < text.len() => &kept[..end],
        _ => kept,
    };
    format!("{}…", words.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_gives_way_whole_before_the_name_is_cut() {
        let title = |width| fit("AutoShares login", Some("work"), false, width).0;
        assert_eq!(title(80), " AutoShares login · profile work ");
        assert_eq!(title(30), " AutoShares login · work ");
        assert_eq!(title(24), " AutoShares login ");
        assert_eq!(title(14), " AutoShare… ");
    }

    #[test]
    fn the_profile_goes_before_the_tag() {
        let fitted = |width| fit("AutoShares login", Some("work"), true, width);
        let full = " AutoShares login · profile work ";
        assert_eq!(fitted(80), (full.into(), Some(SANDBOX_TAG)));
        assert_eq!(
            fitted(40),
            (" AutoShares login · work ".into(), Some(SANDBOX_TAG))
        );
        assert_eq!(fitted(30), (" AutoShares login · work ".into(), None));
    }

    #[test]
    fn the_tag_shows_whole_or_not_at_all() {
        let fitted = |width| fit("The server could not be used", None, true, width);
        assert_eq!(
            fitted(80),
            (" The server could not be used ".into(), Some(SANDBOX_TAG))
        );
        assert_eq!(fitted(40), (" The server could not be used ".into(), None));
        assert_eq!(fitted(24), (" The server could… ".into(), None));
    }
}
