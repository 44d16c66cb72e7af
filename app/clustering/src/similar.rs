//! Finds existing texts that resemble a draft, e.g. to suggest voting on an idea that is already
//! there instead of posting a duplicate.
//!
//! A drop-in replacement for the app's `domain::similar` (same types, same contract), with
//! the crate's text processing: per-text language detection and Snowball stemming instead of
//! one suffix list for all languages.

use crate::{
    text::{ReadTexts, Term},
    vectors::{smoothed_inverse_document_frequency, sublinear},
};

/// An existing text the draft is compared with.
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

/// Returns at most `limit` candidates whose TF-IDF cosine similarity to `draft` is at least
/// `min_score`, best first (ties by smaller id). A candidate sharing no term with the draft is
/// never returned, whatever `min_score`: it has nothing in common to show.
///
/// Document frequencies count the draft and every candidate, so a word used by most candidates
/// weighs little. Texts whose language their stop words do not decide are read in the language
/// of the draft and candidates together.
pub fn most_similar(
    draft: &str,
    candidates: &[Candidate<'_>],
    limit: usize,
    min_score: f64,
) -> Vec<Match> {
    if limit == 0 {
        return Vec::new();
    }
    let read = ReadTexts::new(std::iter::once(draft).chain(candidates.iter().map(|c| c.text)));
    let mut texts_terms = read.terms.into_iter();
    let mut index = TermIndex::default();
    let draft_counts = index.add(texts_terms.next().unwrap_or_default());
    if draft_counts.is_empty() {
        return Vec::new();
    }
    // The draft's terms were numbered first, so a term id below this is one the draft uses.
    let draft_term_count = index.ids.len();
    // Every candidate counts towards document frequencies, but only those sharing a term with
    // the draft are kept for scoring.
    let overlapping: Vec<(i64, Vec<(usize, u32)>)> = candidates
        .iter()
        .zip(texts_terms)
        .filter_map(|(candidate, terms)| {
            let counts = index.add(terms);
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

fn euclidean_norm(weights: impl Iterator<Item = f64>) -> f64 {
    weights.map(|weight| weight * weight).sum::<f64>().sqrt()
}

/// Numbers terms and counts, over every text added, how many texts use each one. Unlike the
/// clustering vocabulary it keeps terms used once: the draft's own words must count in its norm,
/// or a draft with one unusual word would look closer to everything than it is.
#[derive(Default)]
struct TermIndex {
    /// Term id of each stem id seen so far.
    ids: std::collections::HashMap<u32, usize>,
    /// Indexed by term id.
    document_frequency: Vec<usize>,
    texts: usize,
}

impl TermIndex {
    /// Adds one text and returns its term counts as (term id, count), sorted by id.
    fn add(&mut self, terms: Vec<Term>) -> Vec<(usize, u32)> {
        self.texts += 1;
        let mut term_ids: Vec<usize> = terms.into_iter().map(|term| self.id(term.stem)).collect();
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

    fn id(&mut self, stem: u32) -> usize {
        let next = self.ids.len();
        let id = *self.ids.entry(stem).or_insert(next);
        if id == next {
            self.document_frequency.push(0);
        }
        id
    }

    /// The same weighting as the clustering: sublinear term frequency times smoothed inverse
    /// document frequency.
    fn weight(&self, term: usize, count: u32) -> f64 {
        let inverse_document_frequency =
            smoothed_inverse_document_frequency(self.texts as f64, self.document_frequency[term]);
        f64::from(sublinear(count as f32)) * inverse_document_frequency
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
    fn accents_and_plurals_do_not_hide_a_match() {
        let ideas = candidates(&[
            (1, "Mejor comunicación entre departamentos"),
            (2, "Más plantas en la oficina"),
        ]);
        let found = most_similar("comunicaciones entre los departamentos", &ideas, 5, 0.0);
        assert_eq!(ids(&found), [1]);
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
        assert!(!first.is_empty());
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
}
