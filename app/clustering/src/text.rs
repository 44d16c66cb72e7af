//! Turns texts into the terms that say what they are about: tokens lower-cased and without
//! diacritics, stop words of the text's language dropped, the rest stemmed by that language's
//! Snowball stemmer.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use crate::language::{Language, StopWordCounts, StopWordOf};

/// Single letters and digits are articles, pronouns or list numbers far more often than topics.
const MIN_TOKEN_CHARS: usize = 2;

/// The terms (stems) of `text` in its detected language, in text order. Useful to see what the
/// clustering and [`crate::most_similar`] compare texts by.
///
/// ```
/// assert_eq!(clustering::text::terms("The cards arrived!"), ["card", "arriv"]);
/// assert_eq!(clustering::text::terms("¿Dónde están mis tarjetas?"), ["tarjet"]);
/// ```
pub fn terms(text: &str) -> Vec<String> {
    let read = ReadTexts::new([text]);
    read.terms[0]
        .iter()
        .map(|term| read.extractor.stem(term.stem).to_string())
        .collect()
}

/// Calls `visit` with each token of `text`: a maximal run of letters and digits, lower-cased and
/// without diacritics, so "Días", "dias" and "DÍAS" are the same token. Apostrophes split
/// ("don't" gives "don" and "t"), which the stop-word lists allow for.
pub(crate) fn for_each_token(text: &str, mut visit: impl FnMut(&str)) {
    for_each_word(text, |word| visit(&folded(word)));
}

/// Calls `visit` with each word of `text`, lower-cased but with its diacritics.
fn for_each_word(text: &str, mut visit: impl FnMut(&str)) {
    let mut word = String::new();
    for character in text.chars() {
        if character.is_alphanumeric() {
            word.extend(character.to_lowercase());
        } else if !word.is_empty() {
            visit(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        visit(&word);
    }
}

fn folded(word: &str) -> String {
    word.chars().map(without_diacritic).collect()
}

/// Accents are often skipped when typing quickly, so "días" and "dias" must be one token.
fn without_diacritic(letter: char) -> char {
    match letter {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// A term of a text: the stem it is compared by and the word as written (lower-cased), which
/// is what people read when a group of texts is named. Both are ids into a [`TermExtractor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) stem: u32,
    pub(crate) word: u32,
}

/// Texts read into terms, each in its own language; a text whose stop words do not decide (too
/// short, or only words shared by two languages such as "de") is read in the language of the
/// collection, the best guess for it.
pub(crate) struct ReadTexts {
    pub(crate) extractor: TermExtractor,
    /// The terms of each text, in text order.
    pub(crate) terms: Vec<Vec<Term>>,
}

impl ReadTexts {
    pub(crate) fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut extractor = TermExtractor::default();
        let words: Vec<Vec<u32>> = texts
            .into_iter()
            .map(|text| extractor.words(text))
            .collect();
        let counts: Vec<StopWordCounts> = words
            .iter()
            .map(|words| extractor.stop_word_counts(words))
            .collect();
        let mut collection = StopWordCounts::default();
        for &text_counts in &counts {
            collection.add(text_counts);
        }
        let collection_language = collection.most_likely().unwrap_or(Language::English);
        let terms = words
            .iter()
            .zip(counts)
            .map(|(words, counts)| {
                let language = counts.most_likely().unwrap_or(collection_language);
                extractor.terms(words, language)
            })
            .collect();
        Self { extractor, terms }
    }
}

/// Reads words and stems them, remembering every distinct word and stem: a collection repeats
/// the same few thousand words, and stemming and stop-word look-ups would otherwise dominate the
/// time spent on text.
pub(crate) struct TermExtractor {
    stemmers: [Stemmer; 3],
    word_ids: HashMap<String, u32>,
    /// Indexed by word id.
    words: Vec<Word>,
    stem_ids: HashMap<String, u32>,
    /// Indexed by stem id.
    stems: Vec<String>,
}

/// What is known about one distinct word (lower-cased, as written).
struct Word {
    written: String,
    token: String,
    stop_word_of: StopWordOf,
    /// The stem id in each language (indexed like [`Language::ALL`]), once needed; `None` in a
    /// language where the word is a stop word or too short.
    stems: [Option<Option<u32>>; 3],
}

impl Default for TermExtractor {
    fn default() -> Self {
        Self {
            stemmers: Language::ALL.map(|language| Stemmer::create(algorithm(language))),
            word_ids: HashMap::new(),
            words: Vec::new(),
            stem_ids: HashMap::new(),
            stems: Vec::new(),
        }
    }
}

impl TermExtractor {
    /// The ids of the words of `text`, in order.
    pub(crate) fn words(&mut self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        for_each_word(text, |written| {
            let id = match self.word_ids.get(written) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    let token = folded(written);
                    self.words.push(Word {
                        written: written.to_string(),
                        stop_word_of: StopWordOf::token(&token),
                        token,
                        stems: [None; 3],
                    });
                    self.word_ids.insert(written.to_string(), id);
                    id
                }
            };
            ids.push(id);
        });
        ids
    }

    pub(crate) fn stop_word_counts(&self, words: &[u32]) -> StopWordCounts {
        let mut counts = StopWordCounts::default();
        for &word in words {
            counts.add_stop_word(self.words[word as usize].stop_word_of);
        }
        counts
    }

    /// The terms among `words` read as `language`: stop words and short tokens dropped, the rest
    /// stemmed.
    pub(crate) fn terms(&mut self, words: &[u32], language: Language) -> Vec<Term> {
        words
            .iter()
            .filter_map(|&word| {
                let stem = self.stem_of(word, language)?;
                Some(Term { stem, word })
            })
            .collect()
    }

    /// How many distinct stems were seen; stem ids are below it.
    pub(crate) fn stem_count(&self) -> usize {
        self.stems.len()
    }

    /// The stem with this id.
    pub(crate) fn stem(&self, stem: u32) -> &str {
        &self.stems[stem as usize]
    }

    /// The word with this id, lower-cased as written.
    pub(crate) fn word(&self, word: u32) -> &str {
        &self.words[word as usize].written
    }

    fn stem_of(&mut self, word: u32, language: Language) -> Option<u32> {
        let known = &self.words[word as usize];
        if let Some(stem) = known.stems[language as usize] {
            return stem;
        }
        let token = &known.token;
        let stem =
            if token.chars().count() < MIN_TOKEN_CHARS || known.stop_word_of.includes(language) {
                None
            } else {
                let stemmer = &self.stemmers[language as usize];
                let stemmed = match language {
                    Language::Spanish => stemmer
                        .stem(&with_spanish_suffix_accent(token))
                        .into_owned(),
                    Language::English | Language::Dutch => stemmer.stem(token).into_owned(),
                };
                // An accent put back for the Spanish stemmer may survive in the stem.
                let stemmed = folded(&stemmed);
                Some(match self.stem_ids.get(&stemmed) {
                    Some(&id) => id,
                    None => {
                        let id = self.stems.len() as u32;
                        self.stems.push(stemmed.clone());
                        self.stem_ids.insert(stemmed, id);
                        id
                    }
                })
            };
        self.words[word as usize].stems[language as usize] = Some(stem);
        stem
    }
}

fn algorithm(language: Language) -> Algorithm {
    match language {
        Language::English => Algorithm::English,
        Language::Spanish => Algorithm::Spanish,
        Language::Dutch => Algorithm::Dutch,
    }
}

/// Tokens lose their accents before stemming, but the Spanish stemmer only recognises "-ción"
/// and "-sión" with the accent; without it "comunicacion" would not meet "comunicaciones". These
/// endings always carry the accent in the singular, so putting it back is safe.
fn with_spanish_suffix_accent(token: &str) -> String {
    for (bare, accented) in [("cion", "ción"), ("sion", "sión")] {
        if let Some(base) = token.strip_suffix(bare) {
            return format!("{base}{accented}");
        }
    }
    token.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        for_each_token(text, |token| tokens.push(token.to_string()));
        tokens
    }

    #[test]
    fn tokens_are_lower_case_without_diacritics_split_on_anything_else() {
        assert_eq!(
            tokens("¿Dónde ESTÁN las niñas?! Don't-stop, 4x4 café"),
            ["donde", "estan", "las", "ninas", "don", "t", "stop", "4x4", "cafe"]
        );
        assert_eq!(tokens("  ...  "), Vec::<String>::new());
        assert_eq!(tokens("Ideeën über"), ["ideeen", "uber"]);
    }

    #[test]
    fn english_terms_drop_stop_words_and_are_stemmed() {
        assert_eq!(
            terms("Introduce a 4 day working week for the teams"),
            ["introduc", "day", "work", "week", "team"]
        );
        assert_eq!(terms("The cards have arrived"), terms("card arrival"));
    }

    #[test]
    fn spanish_terms_meet_across_accents_and_plurals() {
        assert_eq!(
            terms("Las comunicaciones llegan rápidamente a los niños"),
            ["comun", "lleg", "rapid", "nin"]
        );
        assert_eq!(terms("la comunicación"), terms("las comunicaciones"));
        assert_eq!(terms("la comunicacion"), terms("las comunicaciones"));
        assert_eq!(terms("las tarjetas"), terms("una tarjeta"));
        assert_eq!(terms("días de pago"), terms("dias de pagos"));
    }

    #[test]
    fn dutch_terms_drop_stop_words_and_are_stemmed() {
        assert_eq!(
            terms("Meer vrijheid voor de werknemers en de betalingen"),
            ["vrijheid", "werknemer", "betal"]
        );
        assert_eq!(terms("de betaling van"), terms("de betalingen van"));
        assert_eq!(terms("mijn rekeningen"), terms("een rekening"));
    }

    #[test]
    fn each_text_is_read_in_its_own_language() {
        let read = ReadTexts::new([
            "The payments were made by the bank",
            "Los pagos de la tarjeta",
            "De betalingen van de bank",
        ]);
        let stems: Vec<Vec<&str>> = read
            .terms
            .iter()
            .map(|terms| {
                terms
                    .iter()
                    .map(|term| read.extractor.stem(term.stem))
                    .collect()
            })
            .collect();
        assert_eq!(
            stems,
            [
                vec!["payment", "made", "bank"],
                vec!["pag", "tarjet"],
                vec!["betal", "bank"]
            ]
        );
    }

    #[test]
    fn undecided_texts_are_read_in_the_collection_language() {
        // "trabajos" alone says nothing; the other texts are Spanish, so Spanish stemming applies.
        let read = ReadTexts::new([
            "trabajos",
            "el trabajo de la casa",
            "los trabajos del equipo",
        ]);
        let first: Vec<&str> = read.terms[0]
            .iter()
            .map(|term| read.extractor.stem(term.stem))
            .collect();
        let second: Vec<&str> = read.terms[1]
            .iter()
            .map(|term| read.extractor.stem(term.stem))
            .collect();
        assert_eq!(first[0], second[0]);
        assert_eq!(read.extractor.word(read.terms[0][0].word), "trabajos");
    }

    #[test]
    fn short_tokens_are_not_terms() {
        assert!(terms("a b c 1 2 3").is_empty());
        assert_eq!(terms("tv uk"), ["tv", "uk"]);
    }
}
