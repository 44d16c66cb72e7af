//! Finds existing ideas that resemble the one someone is typing, so they can vote or comment on
//! an idea that is already there instead of posting a duplicate.
//!
//! TF-IDF cosine similarity over lightly stemmed terms: no models and no per-language setup, so
//! English, Spanish and Dutch ideas can sit side by side in one challenge.

use std::collections::HashMap;

/// An existing idea the draft is compared with.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: i64,
    pub text: &'a str,
}

/// A candidate resembling the draft, with its similarity between 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    pub id: i64,
    pub score: f64,
}

/// Shorter tokens are mostly articles, prepositions and numbers ("4", "de", "we"), so they are
/// dropped and stemming never cuts a word below this.
const MIN_TERM_CHARS: usize = 3;

/// The most common English, Spanish and Dutch words of three letters or more, which say nothing
/// about what an idea is about. Written without diacritics and kept sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "aan", "about", "algo", "algun", "alguna", "all", "alle", "alles", "als", "also", "and",
    "ante", "any", "are", "asi", "because", "been", "ben", "bij", "but", "cada", "can", "como",
    "con", "could", "cual", "cuando", "dan", "dat", "del", "desde", "deze", "die", "dit", "doen",
    "does", "donde", "each", "een", "elke", "entre", "esa", "ese", "eso", "esta", "estan", "estas",
    "este", "esto", "estos", "every", "everyone", "for", "from", "fue", "geen", "get", "haar",
    "had", "han", "has", "hasta", "have", "hay", "heb", "hebben", "heeft", "her", "het", "hier",
    "his", "hoe", "how", "hun", "iedereen", "iets", "into", "its", "jij", "jouw", "jullie", "just",
    "kan", "kunnen", "las", "les", "los", "maar", "mas", "meer", "met", "mijn", "mismo", "moet",
    "moeten", "more", "most", "muy", "naar", "niet", "nog", "nos", "nosotros", "not", "nuestra",
    "nuestras", "nuestro", "nuestros", "one", "only", "ons", "onze", "ook", "otra", "otro",
    "otros", "our", "ours", "out", "over", "para", "pero", "poco", "podemos", "por", "porque",
    "puede", "pueden", "que", "quien", "ser", "she", "should", "sin", "sobre", "some", "son",
    "such", "sus", "tambien", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "tiene", "tienen", "toda", "todas", "todo", "todos", "too", "tot",
    "uit", "una", "unas", "uno", "unos", "veel", "very", "voor", "waar", "waarom", "wanneer",
    "was", "wat", "wel", "welke", "were", "what", "when", "where", "which", "who", "why", "wie",
    "wij", "wil", "will", "with", "worden", "wordt", "would", "you", "your", "zal", "zich", "zijn",
    "zou", "zouden",
];

/// Endings removed so that "weeks", "working" and "kansen" meet "week", "work" and "kans",
/// longest first. "-ciones" becomes "-cion" so plural meets singular
/// ("comunicaciones", "comunicación"). The languages are mixed, so all endings apply to every word.
const SUFFIXES: &[(&str, &str)] = &[
    ("ciones", "cion"),
    ("mente", ""),
    ("heid", ""),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("en", ""),
    ("ly", ""),
    ("s", ""),
];

/// Returns at most `limit` candidates whose similarity to `draft` is at least `min_score`, best
/// first (ties by smaller id). A candidate sharing no term with the draft is never returned,
/// whatever `min_score`: it has nothing in common to show.
pub fn most_similar(
    draft: &str,
    candidates: &[Candidate<'_>],
    limit: usize,
    min_score: f64,
) -> Vec<Match> {
    let mut index = TermIndex::default();
    let draft_counts = index.add(terms(draft));
    if draft_counts.is_empty() || limit == 0 {
        return Vec::new();
    }
    // The draft's terms were numbered first, so a term id below this is one the draft uses.
    let draft_term_count = index.ids.len();
    // Every candidate counts towards document frequencies, but only those sharing a term with
    // the draft are kept for scoring.
    let overlapping: Vec<(i64, Vec<(usize, u32)>)> = candidates
        .iter()
        .filter_map(|candidate| {
            let counts = index.add(terms(candidate.text));
            let shares_a_term = counts.iter().any(|&(term, _)| term < draft_term_count);
            shares_a_term.then_some((candidate.id, counts))
        })
        .collect();

    let mut draft_weights = vec![0.0; draft_term_count];
    for &(term, count) in &draft_counts {
        draft_weights[term] = index.weight(term, count);
    }
    let draft_norm = euclidean_norm(draft_weights.iter().copied());

    let mut matches: Vec<Match> = overlapping
        .into_iter()
        .map(|(id, counts)| {
            let weights: Vec<(usize, f64)> = counts
                .iter()
                .map(|&(term, count)| (term, index.weight(term, count)))
                .collect();
            let dot_product: f64 = weights
                .iter()
                .filter(|&&(term, _)| term < draft_term_count)
                .map(|&(term, weight)| weight * draft_weights[term])
                .sum();
            let norm = euclidean_norm(weights.iter().map(|&(_, weight)| weight));
            // Rounding can push identical texts a hair above 1.
            let score = (dot_product / (draft_norm * norm)).min(1.0);
            Match { id, score }
        })
        .filter(|found| found.score >= min_score)
        .collect();
    matches.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    matches.truncate(limit);
    matches
}

/// The terms of `text` that say what it is about: lower-cased, without diacritics, stop words or
/// short tokens, and lightly stemmed.
pub fn terms(text: &str) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(without_diacritic)
        .collect();
    folded
        .split(|character: char| !character.is_alphanumeric())
        .filter(|token| {
            token.chars().count() >= MIN_TERM_CHARS && STOP_WORDS.binary_search(token).is_err()
        })
        .map(stem)
        .collect()
}

/// Accents are often skipped when typing quickly, so "días" and "dias" must be one term.
fn without_diacritic(letter: char) -> char {
    match letter {
        'á' => 'a',
        'é' | 'ë' => 'e',
        'í' | 'ï' => 'i',
        'ó' => 'o',
        'ú' | 'ü' => 'u',
        'ñ' => 'n',
        other => other,
    }
}

/// `word` with its longest listed ending replaced, if enough of the word is left.
fn stem(word: &str) -> String {
    SUFFIXES
        .iter()
        .find_map(|(suffix, replacement)| {
            let base = word.strip_suffix(suffix)?;
            let stemmed = format!("{base}{replacement}");
            (stemmed.chars().count() >= MIN_TERM_CHARS).then_some(stemmed)
        })
        .unwrap_or_else(|| word.to_string())
}

fn euclidean_norm(weights: impl Iterator<Item = f64>) -> f64 {
    weights.map(|weight| weight * weight).sum::<f64>().sqrt()
}

/// Numbers terms and counts, over every document added, how many documents use each one.
#[derive(Default)]
struct TermIndex {
    ids: HashMap<String, usize>,
    /// Indexed by term id.
    document_frequency: Vec<usize>,
    documents: usize,
}

impl TermIndex {
    /// Adds one document and returns its term counts as (term id, count), sorted by id.
    fn add(&mut self, terms: Vec<String>) -> Vec<(usize, u32)> {
        self.documents += 1;
        let mut term_ids: Vec<usize> = terms.into_iter().map(|term| self.id(term)).collect();
        term_ids.sort_unstable();
        let mut counts: Vec<(usize, u32)> = Vec::new();
        for term in term_ids {
            match counts.last_mut() {
                Some((last, count)) if *last == term => *count += 1,
                _ => {
                    counts.push((term, 1));
                    self.document_frequency[term] += 1;
                }
            }
        }
        counts
    }

    fn id(&mut self, term: String) -> usize {
        let next = self.ids.len();
        let id = *self.ids.entry(term).or_insert(next);
        if id == next {
            self.document_frequency.push(0);
        }
        id
    }

    /// Sublinear term frequency times smoothed inverse document frequency: a term repeated in
    /// one idea counts less than its repetitions, and a term in every idea still counts a little.
    fn weight(&self, term: usize, count: u32) -> f64 {
        let documents = self.documents as f64;
        let frequency = self.document_frequency[term] as f64;
        let inverse_document_frequency = ((1.0 + documents) / (1.0 + frequency)).ln() + 1.0;
        (1.0 + f64::from(count).ln()) * inverse_document_frequency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(matches: &[Match]) -> Vec<i64> {
        matches.iter().map(|found| found.id).collect()
    }

    fn candidates<'a>(texts: &[(i64, &'a str)]) -> Vec<Candidate<'a>> {
        texts
            .iter()
            .map(|&(id, text)| Candidate { id, text })
            .collect()
    }

    const OFFICE_IDEAS: &[(i64, &str)] = &[
        (1, "Better coffee machines"),
        (2, "Introduce a 4 day working week"),
        (3, "Free fruit in the kitchen"),
        (4, "Flexible working hours for parents"),
    ];

    #[test]
    fn english_draft_finds_the_working_week_idea_first() {
        let found = most_similar(
            "Four-day work week for everyone",
            &candidates(OFFICE_IDEAS),
            5,
            0.0,
        );
        assert_eq!(found[0].id, 2, "{found:?}");
        assert!(!ids(&found).contains(&1), "{found:?}");
    }

    #[test]
    fn spanish_draft_finds_the_four_day_week_idea() {
        let ideas = candidates(&[
            (1, "Más café en la oficina"),
            (2, "Semana de cuatro días para todos"),
        ]);
        let found = most_similar("semana laboral de cuatro días", &ideas, 5, 0.0);
        assert_eq!(ids(&found), [2]);
        assert!(found[0].score > 0.5, "{found:?}");
    }

    #[test]
    fn dutch_draft_finds_the_four_day_week_idea() {
        let ideas = candidates(&[
            (1, "Betere koffie op kantoor"),
            (2, "Een vierdaagse werkweek"),
        ]);
        let found = most_similar("vierdaagse werkweek invoeren", &ideas, 5, 0.0);
        assert_eq!(ids(&found), [2]);
        assert!(found[0].score > 0.5, "{found:?}");
    }

    #[test]
    fn empty_and_stop_word_drafts_find_nothing() {
        let ideas = candidates(OFFICE_IDEAS);
        for draft in [
            "",
            "   ",
            "What could we do for all of them?",
            "¿Y para todos nosotros?",
            "Wat kunnen we voor iedereen doen?",
        ] {
            assert!(terms(draft).is_empty(), "{draft}");
            assert!(most_similar(draft, &ideas, 5, 0.0).is_empty(), "{draft}");
        }
    }

    #[test]
    fn limit_is_respected() {
        let ideas = candidates(&[
            (1, "Working from home on Fridays"),
            (2, "Working week of four days"),
            (3, "Shorter working days in summer"),
        ]);
        assert_eq!(most_similar("working week", &ideas, 2, 0.0).len(), 2);
        assert!(most_similar("working week", &ideas, 0, 0.0).is_empty());
    }

    #[test]
    fn min_score_is_respected() {
        let ideas = candidates(OFFICE_IDEAS);
        let all = most_similar("Four-day work week", &ideas, 5, 0.0);
        assert!(all.len() >= 2, "{all:?}");
        let threshold = (all[0].score + all[1].score) / 2.0;
        let strong = most_similar("Four-day work week", &ideas, 5, threshold);
        assert_eq!(ids(&strong), [all[0].id]);
        assert!(strong.iter().all(|found| found.score >= threshold));
    }

    #[test]
    fn identical_text_scores_one_and_scores_stay_in_range() {
        let ideas = candidates(OFFICE_IDEAS);
        let found = most_similar("Free fruit in the kitchen", &ideas, 5, 0.0);
        assert_eq!(found[0].id, 3);
        assert!((found[0].score - 1.0).abs() < 1e-9, "{found:?}");
        assert!(found.iter().all(|found| (0.0..=1.0).contains(&found.score)));
    }

    #[test]
    fn ties_go_to_the_smaller_id() {
        let ideas = candidates(&[(9, "Standing desks"), (4, "Standing desks")]);
        assert_eq!(ids(&most_similar("standing desks", &ideas, 5, 0.0)), [4, 9]);
    }

    #[test]
    fn results_are_deterministic() {
        let ideas = candidates(&[
            (5, "Quiet room for focused work"),
            (2, "Work from home two days a week"),
            (8, "Semana de trabajo de cuatro días"),
            (1, "Thuiswerken op vrijdag"),
            (3, "Focus hours without meetings"),
        ]);
        let first = most_similar("More focus time at work", &ideas, 10, 0.0);
        for _ in 0..5 {
            assert_eq!(
                most_similar("More focus time at work", &ideas, 10, 0.0),
                first
            );
        }
    }

    #[test]
    fn ten_thousand_candidates_are_searched() {
        let topics = [
            "coffee machines in every kitchen",
            "a four day working week",
            "flexible hours for parents",
            "semana laboral de cuatro días",
            "een vierdaagse werkweek invoeren",
        ];
        let texts: Vec<String> = (0..10_000)
            .map(|number| {
                format!(
                    "Idea {number}: we suggest {} so that team {} saves time, money and energy \
                     while customers get faster answers and colleagues in office {} feel more \
                     welcome, according to survey round {} and the feedback of department {}.",
                    topics[number % topics.len()],
                    number % 97,
                    number % 13,
                    number % 31,
                    number % 7,
                )
            })
            .collect();
        let ideas: Vec<Candidate<'_>> = texts
            .iter()
            .zip(0..)
            .map(|(text, id)| Candidate { id, text })
            .collect();
        let found = most_similar("Four-day working week for all", &ideas, 10, 0.1);
        assert_eq!(found.len(), 10);
        assert!(found.windows(2).all(|pair| pair[0].score >= pair[1].score));
        assert!(found.iter().all(|found| found.id % 5 == 1), "{found:?}");
    }

    #[test]
    fn terms_drop_stop_words_and_short_tokens_and_stem() {
        assert_eq!(
            terms("Introduce a 4 day working week for the teams"),
            ["introduce", "day", "work", "week", "team"]
        );
        assert_eq!(terms("We quickly finished"), ["quick", "finish"]);
    }

    #[test]
    fn terms_strip_diacritics_and_spanish_endings() {
        assert_eq!(
            terms("Las comunicaciones llegan rápidamente a los niños"),
            ["comunicacion", "llegan", "rapida", "nino"]
        );
        assert_eq!(terms("Comunicación"), terms("comunicaciones"));
    }

    #[test]
    fn terms_apply_dutch_endings() {
        assert_eq!(
            terms("Meer vrijheid voor werknemers, ideeën en kansen"),
            ["vrij", "werknemer", "idee", "kans"]
        );
    }

    #[test]
    fn stemming_keeps_at_least_three_characters() {
        assert_eq!(terms("uses need sings"), ["use", "need", "sing"]);
    }

    #[test]
    fn word_lists_are_ordered_for_their_lookups() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(SUFFIXES
            .windows(2)
            .all(|pair| pair[0].0.len() >= pair[1].0.len()));
    }
}
