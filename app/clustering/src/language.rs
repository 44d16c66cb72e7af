//! Which language a text is written in, and the words of each language that say nothing about
//! what a text is about.

/// The languages whose texts get their own stop words and stemmer. Anything else is treated as
/// English: tokenising still works, only stop words and stemming are then less apt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    English,
    Spanish,
    Dutch,
}

impl Language {
    /// Every language, in the order used to break ties (English first).
    pub const ALL: [Language; 3] = [Language::English, Language::Spanish, Language::Dutch];

    /// Whether `word` (lower-cased, without diacritics) is one of this language's stop words.
    pub fn is_stop_word(self, word: &str) -> bool {
        self.stop_words().binary_search(&word).is_ok()
    }

    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::English => ENGLISH_STOP_WORDS,
            Language::Spanish => SPANISH_STOP_WORDS,
            Language::Dutch => DUTCH_STOP_WORDS,
        }
    }
}

/// The most likely language of `text`: the one with the most stop-word occurrences. Stop words
/// are the most frequent words of a language, so even a short sentence usually has a few. A text
/// with no evidence either way, or a tie, counts as English.
pub fn detect_language(text: &str) -> Language {
    StopWordCounts::of(text)
        .most_likely()
        .unwrap_or(Language::English)
}

/// How many tokens of a text are stop words of each language (indexed like [`Language::ALL`]).
/// Words shared by two languages ("de", "en", "is") count for both and so decide nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StopWordCounts([usize; 3]);

impl StopWordCounts {
    pub(crate) fn of(text: &str) -> Self {
        let mut counts = Self::default();
        crate::text::for_each_token(text, |token| counts.add_token(token));
        counts
    }

    pub(crate) fn add_token(&mut self, token: &str) {
        self.add_stop_word(StopWordOf::token(token));
    }

    pub(crate) fn add_stop_word(&mut self, languages: StopWordOf) {
        for (count, language) in self.0.iter_mut().zip(Language::ALL) {
            *count += usize::from(languages.includes(language));
        }
    }

    pub(crate) fn add(&mut self, other: StopWordCounts) {
        for (count, extra) in self.0.iter_mut().zip(other.0) {
            *count += extra;
        }
    }

    /// The language with strictly the most stop words, or `None` when there is no clear winner.
    pub(crate) fn most_likely(self) -> Option<Language> {
        let best = *self.0.iter().max()?;
        let mut winners = Language::ALL
            .iter()
            .zip(self.0)
            .filter(|&(_, count)| count == best);
        let (&language, _) = winners.next()?;
        (best > 0 && winners.next().is_none()).then_some(language)
    }
}

/// The languages of which a token is a stop word, one bit per language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StopWordOf(u8);

impl StopWordOf {
    pub(crate) fn token(token: &str) -> Self {
        let mut bits = 0;
        for language in Language::ALL {
            if language.is_stop_word(token) {
                bits |= 1 << language as u8;
            }
        }
        Self(bits)
    }

    pub(crate) fn includes(self, language: Language) -> bool {
        self.0 & (1 << language as u8) != 0
    }
}

// Stop-word lists after the Snowball project's, written lower-case and without diacritics
// (that is how tokens are compared) and kept sorted for binary search. Contractions are split at
// the apostrophe by the tokeniser, so their pieces ("don", "isn", "ve") are listed too.

const ENGLISH_STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "id",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "let",
    "like",
    "ll",
    "me",
    "more",
    "most",
    "much",
    "must",
    "mustn",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "please",
    "re",
    "same",
    "shall",
    "shan",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes", "aqui",
    "asi", "aun", "como", "con", "contra", "cual", "cuales", "cuando", "cuanto", "de", "del",
    "desde", "donde", "durante", "e", "el", "ella", "ellas", "ello", "ellos", "en", "entre", "era",
    "eran", "eres", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estado",
    "estamos", "estan", "estar", "estas", "este", "esto", "estos", "estoy", "fue", "fueron", "fui",
    "ha", "habia", "hace", "han", "has", "hasta", "hay", "he", "hemos", "la", "las", "le", "les",
    "lo", "los", "mas", "me", "mi", "mia", "mias", "mio", "mios", "mis", "mucho", "muchos", "muy",
    "nada", "ni", "no", "nos", "nosotras", "nosotros", "nuestra", "nuestras", "nuestro",
    "nuestros", "o", "os", "otra", "otras", "otro", "otros", "para", "pero", "poco", "por",
    "porque", "puede", "pueden", "puedo", "que", "quien", "quienes", "se", "sea", "ser", "si",
    "sido", "sin", "sobre", "soy", "su", "sus", "suya", "suyas", "suyo", "suyos", "tambien",
    "tanto", "te", "tenemos", "tener", "tengo", "ti", "tiene", "tienen", "toda", "todas", "todo",
    "todos", "tu", "tus", "tuya", "tuyas", "tuyo", "tuyos", "un", "una", "unas", "uno", "unos",
    "usted", "ustedes", "vosotras", "vosotros", "vuestra", "vuestras", "vuestro", "vuestros", "y",
    "ya", "yo",
];

const DUTCH_STOP_WORDS: &[&str] = &[
    "aan", "al", "alle", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat",
    "de", "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er",
    "ge", "geen", "geweest", "haar", "had", "hadden", "heb", "hebben", "heeft", "hem", "het",
    "hier", "hij", "hoe", "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "jij", "jou",
    "jouw", "jullie", "kan", "kon", "kun", "kunnen", "kunt", "maar", "me", "meer", "men", "met",
    "mij", "mijn", "moet", "moeten", "na", "naar", "niet", "niets", "nog", "nu", "of", "om",
    "omdat", "onder", "ons", "onze", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "waar", "waarom", "wanneer", "want", "waren",
    "was", "wat", "we", "welke", "werd", "wezen", "wie", "wij", "wil", "wilt", "worden", "wordt",
    "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou", "zouden",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_told_apart_by_stop_words() {
        assert_eq!(
            detect_language("Where is my card? It has not arrived"),
            Language::English
        );
        assert_eq!(
            detect_language("¿Dónde está mi tarjeta? No ha llegado"),
            Language::Spanish
        );
        assert_eq!(
            detect_language("Waar is mijn kaart? Hij is nog niet aangekomen"),
            Language::Dutch
        );
        assert_eq!(
            detect_language("Los pagos de la tarjeta no funcionan"),
            Language::Spanish
        );
        assert_eq!(
            detect_language("Het koffieapparaat is kapot en de keuken is vies"),
            Language::Dutch
        );
    }

    #[test]
    fn no_evidence_or_a_tie_counts_as_english() {
        assert_eq!(detect_language(""), Language::English);
        assert_eq!(detect_language("Kaffeemaschine kaputt"), Language::English);
        // "de" is a Spanish and a Dutch stop word.
        assert_eq!(detect_language("kaart de koffie"), Language::English);
        assert_eq!(StopWordCounts::of("de").most_likely(), None);
    }

    #[test]
    fn word_lists_are_sorted_lower_case_and_without_diacritics() {
        for language in Language::ALL {
            let words = language.stop_words();
            assert!(
                words.windows(2).all(|pair| pair[0] < pair[1]),
                "{language:?}"
            );
            assert!(
                words
                    .iter()
                    .all(|word| word.chars().all(|c| c.is_ascii_lowercase())),
                "{language:?}"
            );
        }
    }
}
