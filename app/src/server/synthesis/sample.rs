//! An infographic at the scale the synthesis must stay legible at (thousands of ideas, dozens
//! of themes, long names), built in memory: for the drawing's tests and `synthesis-bench`.

use crate::model::{Contributor, DayActivity, Figures, Highlight, Infographic, InfographicTheme};

/// `ideas` spread over `themes` with a long tail (theme n gets about 1/(n+1) of the largest),
/// `contributors` people with names up to 40 characters, over `days` days.
pub fn infographic_at_scale(
    ideas: i64,
    themes: usize,
    contributors: i64,
    days: i64,
) -> Infographic {
    const DAY_MS: i64 = 86_400_000;
    let weights: Vec<f64> = (0..themes).map(|n| 1.0 / (n as f64 + 1.0)).collect();
    let total: f64 = weights.iter().sum();
    let mut left = ideas;
    let built: Vec<InfographicTheme> = weights
        .iter()
        .enumerate()
        .map(|(n, weight)| {
            let share = if n + 1 == themes {
                left
            } else {
                ((ideas as f64 * weight / total).round() as i64).min(left)
            };
            left -= share;
            let people = (contributors * share / ideas.max(1)).max(1);
            InfographicTheme {
                theme_id: Some(n as i64 + 1),
                name: format!("Theme {n}: a rather long name to test how labels wrap and shorten"),
                colour: ["#2a9d8f", "#e76f51", "#6a4c93", "#1d6fa3"][n % 4].to_owned(),
                summary: "What people asked for, in a sentence or two.".to_owned(),
                ideas: share,
                comments: share * 2,
                votes: share * 5,
                highlights: (0..3)
                    .map(|h| Highlight {
                        idea_id: h,
                        title: format!("Highlighted idea {h} of theme {n}, with a long title"),
                        quote: (h == 0).then(|| "A quote the moderators liked.".to_owned()),
                        votes: 40 - h,
                    })
                    .collect(),
                contributors: (0..people)
                    .map(|p| Contributor {
                        person_id: (p * 7 + n as i64) % contributors,
                        name: format!("Contributor {p} Withaverylongfamilyname-Double"),
                    })
                    .collect(),
            }
        })
        .collect();
    Infographic {
        challenge_id: 1,
        title: "How should our HR organisation look in 2030?".to_owned(),
        question: "What is one thing HR should do differently by 2030?".to_owned(),
        sponsor_name: "Laura Leader".to_owned(),
        opens_at: 0,
        closes_at: days * DAY_MS,
        summary: "A summary of what came out, long enough to need wrapping over lines. ".repeat(6),
        figures: Figures {
            participants: contributors,
            audience: contributors * 2,
            ideas,
            comments: ideas * 2,
            votes: ideas * 5,
            departments: 12,
            regions: 3,
        },
        themes: built,
        timeline: (0..days)
            .map(|day| DayActivity {
                day: day * DAY_MS,
                contributions: 3 * ideas / days,
                votes: 5 * ideas / days,
            })
            .collect(),
        hide_authors: false,
    }
}
