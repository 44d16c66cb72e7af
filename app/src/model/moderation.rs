//! What the moderation board shows.

use serde::{Deserialize, Serialize};

/// A challenge's board: its themes as columns, every live idea, and the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub challenge_id: i64,
    pub title: String,
    pub themes: Vec<ThemeView>,
    /// Ideas in submission order; `theme_id` says which column each is in.
    pub ideas: Vec<BoardIdea>,
    /// What "Undo" would undo, if anything.
    pub undo: Option<String>,
    /// Newest first.
    pub log: Vec<AuditEntry>,
    /// Members' open reports, oldest first.
    pub reports: Vec<ReportView>,
    /// Hidden comments, to restore; hidden ideas are among `ideas`.
    pub hidden_comments: Vec<HiddenComment>,
}

/// Colours given to new themes in turn: distinct, and dark enough for white text.
pub const THEME_COLOURS: [&str; 8] = [
    "#2a9d8f", "#e76f51", "#6a4c93", "#1d6fa3", "#b5651d", "#2b8a3e", "#c2255c", "#5c677d",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub theme_id: i64,
    pub name: String,
    /// Markdown, as the moderator wrote it.
    pub summary: String,
    /// A CSS colour such as `#2a9d8f`.
    pub colour: String,
    /// Place on the board, from 0 for the first theme.
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardIdea {
    pub idea_id: i64,
    pub title: String,
    pub first_line: String,
    pub votes: i64,
    pub comments: i64,
    /// `None`: in the unsorted pile.
    pub theme_id: Option<i64>,
    /// Hidden by a moderator, with the reason.
    pub hidden: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub action_id: i64,
    pub actor_name: String,
    pub summary: String,
    pub at: i64,
    pub undone: bool,
}

/// A member's report waiting for a moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub report_id: i64,
    pub idea_id: i64,
    /// Set when the report is about a comment on the idea.
    pub comment_id: Option<i64>,
    pub idea_title: String,
    /// The start of the reported text.
    pub excerpt: String,
    pub reason: String,
    pub reporter_name: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenComment {
    pub comment_id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub excerpt: String,
    pub reason: String,
}

/// A group of ideas the clustering proposes as a theme; nothing changes until the moderator
/// accepts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedTheme {
    /// Made of the group's most distinctive words.
    pub name: String,
    pub idea_ids: Vec<i64>,
    /// How alike the ideas are, 0 to 1.
    pub confidence: f64,
}

/// A suggested theme the moderator takes over, perhaps renamed, perhaps with fewer ideas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedTheme {
    pub name: String,
    pub idea_ids: Vec<i64>,
}
