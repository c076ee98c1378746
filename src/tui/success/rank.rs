//! Which lines of the success screen give way first on a small terminal: the higher the rank, the sooner.

pub(super) const WHO: u8 = 0;
pub(super) const UNTIL: u8 = 1;
pub(super) const WHERE: u8 = 2;
pub(super) const PROFILE_SAVED: u8 = 3;
pub(super) const TOKEN: u8 = 4;
pub(super) const COPIED: u8 = 5;
pub(super) const SERVER_SAYS: u8 = 6;
pub(super) const PHRASE: u8 = 7;
pub(super) const PROFILE_DETAIL: u8 = 8;
pub(super) const COPY_DETAIL: u8 = 9;
pub(super) const SPACE_ABOVE_TOKEN: u8 = 10;
pub(super) const SPACE_BELOW_TOKEN: u8 = 11;
pub(super) const SPACE_ABOVE_SAVED: u8 = 12;
