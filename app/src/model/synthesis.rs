//! The synthesis of a challenge: what moderators compose, and the figures the infographic
//! draws. One `Infographic` feeds the page, the SVG, PNG and PDF downloads alike.

use serde::{Deserialize, Serialize};

/// Everything the one-page infographic shows, computed from live data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Infographic {
    pub challenge_id: i64,
    pub title: String,
    pub question: String,
    pub sponsor_name: String,
    /// UTC milliseconds.
    pub opens_at: i64,
    pub closes_at: i64,
    /// The moderators' overall summary, as plain text (Markdown stripped).
    pub summary: String,
    pub figures: Figures,
    /// In the moderators' order; ideas in no theme come last as a theme with `theme_id: None`
    /// (named "Other ideas"), when there are any.
    pub themes: Vec<InfographicTheme>,
    /// One entry per UTC day from the opening day to the closing day (or today, if earlier).
    pub timeline: Vec<DayActivity>,
    /// Authors are hidden from peers: the wall shows initials.
    pub hide_authors: bool,
}

/// Participation, counted the way lists count: withdrawn, merged-away and hidden ideas and
/// hidden comments are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// People who submitted, commented or voted.
    pub participants: i64,
    /// People invited (the challenge's audience, active accounts).
    pub audience: i64,
    pub ideas: i64,
    pub comments: i64,
    /// Votes cast on the counted ideas.
    pub votes: i64,
    /// Departments and regions of the participants.
    pub departments: i64,
    pub regions: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfographicTheme {
    /// `None`: the ideas no moderator sorted into a theme.
    pub theme_id: Option<i64>,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    /// The moderator's summary, as plain text.
    pub summary: String,
    pub ideas: i64,
    /// Comments on the theme's ideas.
    pub comments: i64,
    pub votes: i64,
    /// Up to three, in the moderators' order.
    pub highlights: Vec<Highlight>,
    /// Everyone who wrote an idea or a comment in this theme (a person can be in several
    /// themes), by name.
    pub contributors: Vec<Contributor>,
}

impl InfographicTheme {
    /// Ideas and comments: what the theme's area on the infographic is proportional to.
    pub fn contributions(&self) -> i64 {
        self.ideas + self.comments
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub idea_id: i64,
    pub title: String,
    /// A sentence the moderator quotes from the idea or its discussion, if any.
    pub quote: Option<String>,
    pub votes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
    pub person_id: i64,
    /// The display name, or initials when the challenge hides authors.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayActivity {
    /// UTC midnight of the day, in milliseconds.
    pub day: i64,
    /// Ideas and comments written that day.
    pub contributions: i64,
    pub votes: i64,
}

/// The paper the printable page is laid out for (landscape).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    /// Width and height in millimetres, landscape.
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (297.0, 210.0),
            Paper::A3 => (420.0, 297.0),
        }
    }
}

/// The synthesis page: the infographic, drawn, and the viewer's part in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SynthesisView {
    pub infographic: Infographic,
    /// The drawing (a standalone SVG document), with the viewer's name marked on the wall.
    pub svg: String,
    /// "Your 3 ideas landed in …", when the viewer took part.
    pub your_part: Option<String>,
    /// The overall summary, rendered.
    pub summary_html: String,
    /// When it was last published; `None` for a moderator's preview of a draft never published.
    pub published_at: Option<i64>,
    /// This is the moderators' draft, not what members see.
    pub preview: bool,
    pub can_compose: bool,
}

/// What moderators edit: the overall summary and each theme's highlights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composer {
    pub challenge_id: i64,
    pub title: String,
    /// Markdown.
    pub summary: String,
    pub themes: Vec<ComposerTheme>,
    /// When and by whom it was published, newest first.
    pub publications: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposerTheme {
    pub theme_id: i64,
    pub name: String,
    /// The theme's ideas, most votes first, to pick highlights from.
    pub ideas: Vec<(i64, String, i64)>,
    pub highlights: Vec<HighlightChoice>,
}

/// A highlighted idea of a theme, with an optional quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightChoice {
    pub idea_id: i64,
    pub quote: Option<String>,
}
