//! The challenge's contributions as CSV (one row per idea and per comment) and JSON (the
//! infographic's figures and themes, with every idea and comment), for moderators to take
//! elsewhere.

use std::collections::HashMap;

use serde::Serialize;

use super::{Composition, Facts};
use crate::{error::AppError, model::Infographic, server::db::synthesis::ExportRow};

/// Which theme each idea is in, by name.
fn theme_names(composition: &Composition, facts: &Facts) -> HashMap<i64, String> {
    facts
        .theme_of(composition)
        .into_iter()
        .map(|(idea_id, theme)| {
            let name = theme.map_or_else(
                || super::UNSORTED_NAME.to_owned(),
                |at| composition.themes[at].name.clone(),
            );
            (idea_id, name)
        })
        .collect()
}

pub fn export_csv(
    composition: &Composition,
    facts: &Facts,
    rows: &[ExportRow],
) -> Result<Vec<u8>, AppError> {
    let themes = theme_names(composition, facts);
    let mut csv = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| super::super::internal("CSV export", error);
    csv.write_record([
        "kind",
        "idea_id",
        "comment_id",
        "theme",
        "idea_title",
        "text",
        "author",
        "votes",
        "created_at",
    ])
    .map_err(failed)?;
    for row in rows {
        csv.write_record([
            if row.comment_id.is_some() {
                "comment"
            } else {
                "idea"
            },
            &row.idea_id.to_string(),
            &row.comment_id.map(|id| id.to_string()).unwrap_or_default(),
            themes.get(&row.idea_id).map_or("", String::as_str),
            &row.title,
            &row.text,
            &row.author_name,
            &row.votes.to_string(),
            &crate::domain::local_time::format_utc(row.created_at),
        ])
        .map_err(failed)?;
    }
    csv.into_inner()
        .map_err(|error| super::super::internal("CSV export", error))
}

#[derive(Serialize)]
struct Export<'a> {
    infographic: &'a Infographic,
    ideas: Vec<ExportedIdea<'a>>,
}

#[derive(Serialize)]
struct ExportedIdea<'a> {
    idea_id: i64,
    theme: &'a str,
    title: &'a str,
    text: &'a str,
    author: &'a str,
    votes: i64,
    created_at: i64,
    comments: Vec<ExportedComment<'a>>,
}

#[derive(Serialize)]
struct ExportedComment<'a> {
    comment_id: i64,
    text: &'a str,
    author: &'a str,
    created_at: i64,
}

pub fn export_json(
    infographic: &Infographic,
    composition: &Composition,
    facts: &Facts,
    rows: &[ExportRow],
) -> Result<Vec<u8>, AppError> {
    let themes = theme_names(composition, facts);
    let mut ideas: Vec<ExportedIdea<'_>> = Vec::new();
    for row in rows {
        match row.comment_id {
            None => ideas.push(ExportedIdea {
                idea_id: row.idea_id,
                theme: themes.get(&row.idea_id).map_or("", String::as_str),
                title: &row.title,
                text: &row.text,
                author: &row.author_name,
                votes: row.votes,
                created_at: row.created_at,
                comments: Vec::new(),
            }),
            // Rows come idea first, then its comments.
            Some(comment_id) => {
                if let Some(idea) = ideas.last_mut().filter(|idea| idea.idea_id == row.idea_id) {
                    idea.comments.push(ExportedComment {
                        comment_id,
                        text: &row.text,
                        author: &row.author_name,
                        created_at: row.created_at,
                    });
                }
            }
        }
    }
    serde_json::to_vec_pretty(&Export { infographic, ideas })
        .map_err(|error| super::super::internal("JSON export", error))
}
