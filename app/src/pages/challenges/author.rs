//! Whose idea or comment it is, as people read it: the same words on the challenge page and on
//! the idea page.

use crate::i18n::{td_string, Locale};

/// What was written: to its author an idea reads "Your idea", a comment "You".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    Idea,
    Comment,
}

/// The author as people read it, in `locale`: themselves, the named author, or an anonymous
/// colleague.
pub fn author_label(
    locale: Locale,
    writing: Writing,
    mine: bool,
    author_name: Option<&str>,
) -> String {
    if mine {
        match writing {
            Writing::Idea => td_string!(locale, common.your_idea),
            Writing::Comment => td_string!(locale, common.you),
        }
        .to_owned()
    } else {
        author_name.map_or_else(
            || td_string!(locale, common.a_colleague).to_owned(),
            str::to_owned,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_read_as_themselves_by_name_or_as_a_colleague() {
        let english = Locale::en;
        assert_eq!(
            author_label(english, Writing::Idea, true, Some("Ada")),
            "Your idea"
        );
        assert_eq!(
            author_label(english, Writing::Comment, true, Some("Ada")),
            "You"
        );
        assert_eq!(
            author_label(english, Writing::Idea, false, Some("Ada")),
            "Ada"
        );
        assert_eq!(
            author_label(english, Writing::Comment, false, None),
            "A colleague"
        );
        assert_eq!(
            author_label(Locale::nl, Writing::Idea, true, None),
            "Jouw idee"
        );
        assert_eq!(
            author_label(Locale::nl, Writing::Comment, false, None),
            "Een collega"
        );
        assert_eq!(author_label(Locale::es, Writing::Comment, true, None), "Tú");
    }
}
