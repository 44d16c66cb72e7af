//! Where a challenge stands (scheduled, open, closed, synthesis published), in the interface's
//! language.

use crate::{
    i18n::{td_string, Locale},
    model::Phase,
};

pub fn phase_name(locale: Locale, phase: Phase) -> &'static str {
    match phase {
        Phase::Scheduled => td_string!(locale, common.phase_scheduled),
        Phase::Open => td_string!(locale, common.phase_open),
        Phase::Closed => td_string!(locale, common.phase_closed),
        Phase::Published => td_string!(locale, common.phase_published),
    }
}
