//! Moderators' actions on a challenge's board. Each action runs in the caller's transaction,
//! is written to the audit log with what it changed, and can be undone from there, newest
//! first, by any moderator of the challenge.

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use super::{
    access::ChallengeAccess,
    db::{
        moderation::{
            self as queries, BoardIdeaRow, Content, Hiding, MergeRecord, NewAction, ThemeRow,
        },
        notifications, Db,
    },
};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
    model::{
        AcceptedTheme, AuditEntry, Board, BoardIdea, HiddenComment, NotificationKind, ReportView,
        SuggestedTheme, ThemeView, Viewer, THEME_COLOURS,
    },
};

/// What an action changed: stored as JSON in the audit log, and all undo needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
enum Change {
    ThemeCreated {
        theme_id: i64,
    },
    ThemeEdited {
        before: ThemeFields,
    },
    ThemeDeleted {
        theme_id: i64,
        ideas: Vec<i64>,
    },
    /// Each theme with its position before.
    ThemesReordered {
        before: Vec<(i64, i64)>,
    },
    /// Each idea with the theme it came from (`None`: unsorted).
    IdeasMoved {
        from: Vec<(i64, Option<i64>)>,
    },
    Merged(MergeRecord),
    /// `before`: the reason it was already hidden for, if it was.
    Hid {
        content: Content,
        before: Option<String>,
        reports: Vec<i64>,
    },
    Restored {
        content: Content,
        reason: String,
    },
    ReportDismissed {
        report_id: i64,
    },
    /// Suggested themes taken over: the new themes, and where their ideas were before.
    ThemesAccepted {
        themes: Vec<i64>,
        from: Vec<(i64, Option<i64>)>,
    },
    Undid {
        action_id: i64,
    },
}

/// `Change::Undid` entries are not themselves undone.
const UNDO_KIND: &str = "undid";

impl Change {
    fn kind(&self) -> &'static str {
        match self {
            Change::ThemeCreated { .. } => "theme_created",
            Change::ThemeEdited { .. } => "theme_edited",
            Change::ThemeDeleted { .. } => "theme_deleted",
            Change::ThemesReordered { .. } => "themes_reordered",
            Change::IdeasMoved { .. } => "ideas_moved",
            Change::Merged(_) => "merged",
            Change::Hid { .. } => "hid",
            Change::Restored { .. } => "restored",
            Change::ReportDismissed { .. } => "report_dismissed",
            Change::ThemesAccepted { .. } => "themes_accepted",
            Change::Undid { .. } => UNDO_KIND,
        }
    }
}

/// What the audit log says an action did. Written once, in the language of the moderator who
/// acted, and stored with the action.
#[derive(Debug, Clone, Copy)]
enum Logged<'a> {
    ThemeCreated {
        name: &'a str,
    },
    ThemeEdited {
        name: &'a str,
    },
    ThemeRenamed {
        old_name: &'a str,
        new_name: &'a str,
    },
    ThemeDeleted {
        name: &'a str,
    },
    ThemeMoved {
        name: &'a str,
        earlier: bool,
    },
    /// `theme`: `None` for the unsorted pile.
    IdeasMoved {
        count: usize,
        theme: Option<&'a str>,
    },
    Merged {
        source: &'a str,
        target: &'a str,
    },
    /// `title`: the idea's, or that of the idea the comment is on.
    Hid {
        content: Content,
        title: &'a str,
        reason: &'a str,
    },
    Restored {
        content: Content,
        title: &'a str,
    },
    ReportDismissed,
    ThemesAccepted {
        names: &'a [&'a str],
    },
    /// `summary`: the undone action's, in whatever language it was written;
    /// `cut_short`: how many people got fewer votes back than they had.
    Undid {
        summary: &'a str,
        cut_short: usize,
    },
}

impl Logged<'_> {
    fn write(self, locale: Locale) -> String {
        match self {
            Logged::ThemeCreated { name } => {
                td_string!(locale, moderation.log_theme_created, name).to_string()
            }
            Logged::ThemeEdited { name } => {
                td_string!(locale, moderation.log_theme_edited, name).to_string()
            }
            Logged::ThemeRenamed { old_name, new_name } => {
                td_string!(locale, moderation.log_theme_renamed, old_name, new_name).to_string()
            }
            Logged::ThemeDeleted { name } => {
                td_string!(locale, moderation.log_theme_deleted, name).to_string()
            }
            Logged::ThemeMoved {
                name,
                earlier: true,
            } => td_string!(locale, moderation.log_theme_moved_earlier, name).to_string(),
            Logged::ThemeMoved {
                name,
                earlier: false,
            } => td_string!(locale, moderation.log_theme_moved_later, name).to_string(),
            Logged::IdeasMoved { count, theme } => {
                let theme = theme.unwrap_or_else(|| td_string!(locale, moderation.log_unsorted));
                td_string!(locale, moderation.log_ideas_moved, count, theme).to_string()
            }
            Logged::Merged { source, target } => {
                td_string!(locale, moderation.log_merged, source, target).to_string()
            }
            Logged::Hid {
                content: Content::Idea(_),
                title,
                reason,
            } => td_string!(locale, moderation.log_hid_idea, title, reason).to_string(),
            Logged::Hid {
                content: Content::Comment(_),
                title,
                reason,
            } => td_string!(locale, moderation.log_hid_comment, title, reason).to_string(),
            Logged::Restored {
                content: Content::Idea(_),
                title,
            } => td_string!(locale, moderation.log_restored_idea, title).to_string(),
            Logged::Restored {
                content: Content::Comment(_),
                title,
            } => td_string!(locale, moderation.log_restored_comment, title).to_string(),
            Logged::ReportDismissed => {
                td_string!(locale, moderation.log_report_dismissed).to_owned()
            }
            Logged::ThemesAccepted { names } => {
                let quoted: Vec<String> = names
                    .iter()
                    .map(|&name| td_string!(locale, moderation.log_quoted, name).to_string())
                    .collect();
                td_string!(
                    locale,
                    moderation.log_themes_accepted,
                    count = names.len(),
                    names = quoted.join(", ")
                )
                .to_string()
            }
            Logged::Undid { summary, cut_short } => {
                let mut sentence = td_string!(locale, moderation.log_undid, summary).to_string();
                if cut_short > 0 {
                    sentence.push_str(
                        &td_string!(locale, moderation.log_votes_cut_short, count = cut_short)
                            .to_string(),
                    );
                }
                sentence
            }
        }
    }
}

/// A theme's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeFields {
    pub theme_id: i64,
    pub name: String,
    pub summary: String,
    pub colour: String,
}

/// Who acts on which challenge, and when; `locale` is the language they act in, which the
/// audit log is written in.
#[derive(Debug, Clone, Copy)]
pub struct Moderator {
    pub challenge_id: i64,
    pub person_id: i64,
    pub now: i64,
    pub locale: Locale,
}

impl Moderator {
    /// Writes `logged` in the moderator's language and stores it with `change` in the audit
    /// log; returns the summary as written.
    async fn record(
        self,
        tx: &mut AnyConnection,
        logged: Logged<'_>,
        change: &Change,
    ) -> Result<String, AppError> {
        let summary = logged.write(self.locale);
        let details = serde_json::to_string(change)
            .map_err(|error| super::internal("moderation log", error))?;
        queries::insert_action(
            tx,
            &NewAction {
                challenge_id: self.challenge_id,
                actor_id: self.person_id,
                kind: change.kind(),
                summary: &summary,
                details: &details,
                at: self.now,
            },
        )
        .await?;
        Ok(summary)
    }

    pub async fn create_theme(
        self,
        tx: &mut AnyConnection,
        name: &str,
        colour: &str,
    ) -> Result<i64, AppError> {
        let theme_id = queries::insert_theme(
            tx,
            self.challenge_id,
            name,
            colour,
            self.person_id,
            self.now,
        )
        .await?;
        self.record(
            tx,
            Logged::ThemeCreated { name },
            &Change::ThemeCreated { theme_id },
        )
        .await?;
        Ok(theme_id)
    }

    pub async fn edit_theme(
        self,
        tx: &mut AnyConnection,
        fields: &ThemeFields,
    ) -> Result<(), AppError> {
        let theme = ThemeRow {
            theme_id: fields.theme_id,
            name: fields.name.clone(),
            summary: fields.summary.clone(),
            colour: fields.colour.clone(),
            position: 0,
        };
        let before = queries::update_theme(tx, self.challenge_id, &theme)
            .await?
            .ok_or_else(no_such_theme)?;
        let logged = if before.name == fields.name {
            Logged::ThemeEdited { name: &fields.name }
        } else {
            Logged::ThemeRenamed {
                old_name: &before.name,
                new_name: &fields.name,
            }
        };
        let change = Change::ThemeEdited {
            before: ThemeFields {
                theme_id: before.theme_id,
                name: before.name.clone(),
                summary: before.summary,
                colour: before.colour,
            },
        };
        self.record(tx, logged, &change).await.map(|_| ())
    }

    /// Deletes a theme; its ideas go back to the unsorted pile.
    pub async fn delete_theme(self, tx: &mut AnyConnection, theme_id: i64) -> Result<(), AppError> {
        let theme = queries::find_theme(&mut *tx, self.challenge_id, theme_id)
            .await?
            .ok_or_else(no_such_theme)?;
        let ideas = queries::ideas_in_theme(&mut *tx, theme_id).await?;
        for &idea_id in &ideas {
            queries::set_idea_theme(tx, idea_id, None).await?;
        }
        queries::set_theme_deleted(tx, theme_id, Some(self.now)).await?;
        self.record(
            tx,
            Logged::ThemeDeleted { name: &theme.name },
            &Change::ThemeDeleted { theme_id, ideas },
        )
        .await
        .map(|_| ())
    }

    /// Moves a theme one place earlier or later on the board.
    pub async fn move_theme(
        self,
        tx: &mut AnyConnection,
        theme_id: i64,
        earlier: bool,
    ) -> Result<(), AppError> {
        let mut themes = queries::themes(&mut *tx, self.challenge_id).await?;
        let at = themes
            .iter()
            .position(|theme| theme.theme_id == theme_id)
            .ok_or_else(no_such_theme)?;
        let neighbour = if earlier {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|&next| next < themes.len())
        };
        let Some(neighbour) = neighbour else {
            return Err(AppError::invalid(if earlier {
                td_string!(self.locale, errors.theme_already_first)
            } else {
                td_string!(self.locale, errors.theme_already_last)
            }));
        };
        let before: Vec<(i64, i64)> = themes
            .iter()
            .map(|theme| (theme.theme_id, theme.position))
            .collect();
        themes.swap(at, neighbour);
        // Renumbered 1..n, so equal positions left by older data cannot keep two themes tied.
        let after: Vec<(i64, i64)> = themes
            .iter()
            .zip(1..)
            .map(|(theme, position)| (theme.theme_id, position))
            .collect();
        queries::set_theme_positions(tx, self.challenge_id, &after).await?;
        let logged = Logged::ThemeMoved {
            name: &themes[neighbour].name,
            earlier,
        };
        self.record(tx, logged, &Change::ThemesReordered { before })
            .await
            .map(|_| ())
    }

    /// Moves ideas into a theme (`None`: back to unsorted); returns how many moved.
    pub async fn move_ideas(
        self,
        tx: &mut AnyConnection,
        idea_ids: &[i64],
        to: Option<i64>,
    ) -> Result<usize, AppError> {
        let target_name = match to {
            Some(theme_id) => Some(
                queries::find_theme(&mut *tx, self.challenge_id, theme_id)
                    .await?
                    .ok_or_else(no_such_theme)?
                    .name,
            ),
            None => None,
        };
        let from: Vec<(i64, Option<i64>)> =
            queries::themes_of_ideas(tx, self.challenge_id, idea_ids)
                .await?
                .into_iter()
                .filter(|&(_, theme)| theme != to)
                .collect();
        if from.is_empty() {
            return Ok(0);
        }
        for &(idea_id, _) in &from {
            queries::set_idea_theme(tx, idea_id, to).await?;
        }
        let moved = from.len();
        let logged = Logged::IdeasMoved {
            count: moved,
            theme: target_name.as_deref(),
        };
        self.record(tx, logged, &Change::IdeasMoved { from })
            .await?;
        Ok(moved)
    }

    /// Merges idea `source` into `target`; both must be live ideas of the challenge.
    pub async fn merge(
        self,
        tx: &mut AnyConnection,
        target: i64,
        source: i64,
    ) -> Result<MergeRecord, AppError> {
        if target == source {
            return Err(AppError::invalid(td_string!(
                self.locale,
                errors.merge_into_itself
            )));
        }
        let live = queries::themes_of_ideas(tx, self.challenge_id, &[target, source]).await?;
        if live.len() != 2 {
            return Err(AppError::not_found(td_string!(
                self.locale,
                errors.merge_needs_live_ideas
            )));
        }
        let record = queries::merge(tx, self.challenge_id, target, source).await?;
        let titles = queries::idea_titles(&mut *tx, &[source, target]).await?;
        self.record(
            tx,
            Logged::Merged {
                source: &titles[0],
                target: &titles[1],
            },
            &Change::Merged(record.clone()),
        )
        .await?;
        let source_author = queries::find_content(tx, self.challenge_id, Content::Idea(source))
            .await?
            .map(|state| state.author_id);
        self.notify(tx, source_author, NotificationKind::Merged, source)
            .await?;
        Ok(record)
    }

    fn hiding(self, reason: &str) -> Hiding<'_> {
        Hiding {
            by: self.person_id,
            reason,
            at: self.now,
        }
    }

    /// Tells an author what a moderator did to their contribution, unless they did it
    /// themselves.
    async fn notify(
        self,
        tx: &mut AnyConnection,
        author_id: Option<i64>,
        kind: NotificationKind,
        idea_id: i64,
    ) -> Result<(), AppError> {
        match author_id {
            Some(author_id) if author_id != self.person_id => Ok(notifications::insert(
                &mut *tx,
                author_id,
                kind,
                self.challenge_id,
                Some(idea_id),
                None,
                self.now,
            )
            .await?),
            _ => Ok(()),
        }
    }

    /// Hides an idea or a comment from everyone but its author and the moderators, with a
    /// reason its author sees; closes the open reports on it.
    pub async fn hide(
        self,
        tx: &mut AnyConnection,
        content: Content,
        reason: &str,
    ) -> Result<(), AppError> {
        let state = queries::find_content(tx, self.challenge_id, content)
            .await?
            .ok_or_else(|| no_such_content(content))?;
        queries::set_hidden(tx, content, Some(self.hiding(reason))).await?;
        let reports =
            queries::resolve_reports_on(tx, self.challenge_id, content, self.person_id, self.now)
                .await?;
        let title = self.idea_title_of(tx, content).await?;
        self.record(
            tx,
            Logged::Hid {
                content,
                title: &title,
                reason,
            },
            &Change::Hid {
                content,
                before: state.hidden_reason,
                reports,
            },
        )
        .await?;
        self.notify(
            tx,
            Some(state.author_id),
            NotificationKind::Hidden,
            state.idea_id,
        )
        .await
    }

    /// Shows hidden content again.
    pub async fn restore(self, tx: &mut AnyConnection, content: Content) -> Result<(), AppError> {
        let reason = queries::find_content(tx, self.challenge_id, content)
            .await?
            .ok_or_else(|| no_such_content(content))?
            .hidden_reason
            .ok_or_else(|| {
                AppError::conflict(td_string!(self.locale, errors.nothing_to_restore))
            })?;
        queries::set_hidden(tx, content, None).await?;
        let title = self.idea_title_of(tx, content).await?;
        let logged = Logged::Restored {
            content,
            title: &title,
        };
        self.record(tx, logged, &Change::Restored { content, reason })
            .await
            .map(|_| ())
    }

    /// Closes a member's report without hiding anything.
    pub async fn dismiss_report(
        self,
        tx: &mut AnyConnection,
        report_id: i64,
    ) -> Result<(), AppError> {
        let resolved = Some((self.person_id, self.now));
        if queries::set_reports_resolved(tx, self.challenge_id, &[report_id], resolved).await? == 0
        {
            return Err(AppError::not_found(td_string!(
                self.locale,
                errors.no_such_report
            )));
        }
        self.record(
            tx,
            Logged::ReportDismissed,
            &Change::ReportDismissed { report_id },
        )
        .await
        .map(|_| ())
    }

    /// Creates one theme per accepted suggestion and moves its ideas there, as one action.
    pub async fn accept_themes(
        self,
        tx: &mut AnyConnection,
        accepted: &[AcceptedTheme],
    ) -> Result<Vec<i64>, AppError> {
        let mut themes = Vec::with_capacity(accepted.len());
        let mut from = Vec::new();
        let existing = queries::themes(&mut *tx, self.challenge_id).await?.len();
        for (index, theme) in accepted.iter().enumerate() {
            let colour = THEME_COLOURS[(existing + index) % THEME_COLOURS.len()];
            let theme_id = queries::insert_theme(
                tx,
                self.challenge_id,
                &theme.name,
                colour,
                self.person_id,
                self.now,
            )
            .await?;
            for (idea_id, before) in
                queries::themes_of_ideas(tx, self.challenge_id, &theme.idea_ids).await?
            {
                queries::set_idea_theme(tx, idea_id, Some(theme_id)).await?;
                from.push((idea_id, before));
            }
            themes.push(theme_id);
        }
        let names: Vec<&str> = accepted.iter().map(|theme| theme.name.as_str()).collect();
        self.record(
            tx,
            Logged::ThemesAccepted { names: &names },
            &Change::ThemesAccepted {
                themes: themes.clone(),
                from,
            },
        )
        .await?;
        Ok(themes)
    }

    /// The title of the idea, or of the idea a comment is on, for the audit log.
    async fn idea_title_of(
        self,
        tx: &mut AnyConnection,
        content: Content,
    ) -> Result<String, AppError> {
        let idea_id = match content {
            Content::Idea(idea_id) => idea_id,
            Content::Comment(comment_id) => {
                queries::find_content(tx, self.challenge_id, Content::Comment(comment_id))
                    .await?
                    .ok_or_else(|| no_such_content(Content::Comment(comment_id)))?
                    .idea_id
            }
        };
        let mut titles = queries::idea_titles(&mut *tx, &[idea_id]).await?;
        Ok(titles.swap_remove(0))
    }

    /// Undoes the challenge's newest action that is not undone yet; returns what was undone,
    /// or `None` when there is nothing left to undo.
    pub async fn undo_last(self, tx: &mut AnyConnection) -> Result<Option<String>, AppError> {
        let Some(action) = queries::last_undoable(&mut *tx, self.challenge_id, UNDO_KIND).await?
        else {
            return Ok(None);
        };
        let change: Change = serde_json::from_str(&action.details)
            .map_err(|error| super::internal("moderation log", error))?;
        let mut cut_short = 0;
        match change {
            Change::ThemeCreated { theme_id } => {
                for idea_id in queries::ideas_in_theme(&mut *tx, theme_id).await? {
                    queries::set_idea_theme(tx, idea_id, None).await?;
                }
                queries::set_theme_deleted(tx, theme_id, Some(self.now)).await?;
            }
            Change::ThemeEdited { before } => {
                let theme = ThemeRow {
                    theme_id: before.theme_id,
                    name: before.name,
                    summary: before.summary,
                    colour: before.colour,
                    position: 0,
                };
                queries::update_theme(tx, self.challenge_id, &theme).await?;
            }
            Change::ThemeDeleted { theme_id, ideas } => {
                queries::set_theme_deleted(tx, theme_id, None).await?;
                for idea_id in ideas {
                    queries::set_idea_theme(tx, idea_id, Some(theme_id)).await?;
                }
            }
            Change::ThemesReordered { before } => {
                queries::set_theme_positions(tx, self.challenge_id, &before).await?;
            }
            Change::IdeasMoved { from } => {
                for (idea_id, theme_id) in from {
                    queries::set_idea_theme(tx, idea_id, theme_id).await?;
                }
            }
            Change::Merged(record) => {
                cut_short = queries::unmerge(tx, self.challenge_id, &record).await?;
            }
            Change::Hid {
                content,
                before,
                reports,
            } => {
                let hiding = before.as_deref().map(|reason| self.hiding(reason));
                queries::set_hidden(tx, content, hiding).await?;
                queries::set_reports_resolved(tx, self.challenge_id, &reports, None).await?;
            }
            Change::Restored { content, reason } => {
                queries::set_hidden(tx, content, Some(self.hiding(&reason))).await?;
            }
            Change::ReportDismissed { report_id } => {
                queries::set_reports_resolved(tx, self.challenge_id, &[report_id], None).await?;
            }
            Change::ThemesAccepted { themes, from } => {
                for (idea_id, theme_id) in from {
                    queries::set_idea_theme(tx, idea_id, theme_id).await?;
                }
                for theme_id in themes {
                    queries::set_theme_deleted(tx, theme_id, Some(self.now)).await?;
                }
            }
            Change::Undid { .. } => {}
        }
        queries::mark_undone(tx, action.action_id, self.person_id, self.now).await?;
        let logged = Logged::Undid {
            summary: &action.summary,
            cut_short,
        };
        let summary = self
            .record(
                tx,
                logged,
                &Change::Undid {
                    action_id: action.action_id,
                },
            )
            .await?;
        Ok(Some(summary))
    }
}

/// Loads the challenge for a moderator, with the viewer's access to it: leaders and admins
/// moderate every challenge they see, others only those they are assigned to. The board never shows scheduled challenges' ideas
/// to anyone else, as `ChallengeAccess::load` hides those.
pub async fn require_moderator(
    db: &Db,
    viewer: &Viewer,
    challenge_id: i64,
    now: i64,
) -> Result<(Moderator, ChallengeAccess), AppError> {
    let access = ChallengeAccess::load(db, viewer, challenge_id, now).await?;
    if !access.moderates(db, viewer).await? {
        return Err(AppError::forbidden(td_string!(
            current_locale(),
            errors.moderators_only_board
        )));
    }
    let moderator = Moderator {
        challenge_id,
        person_id: viewer.person_id,
        now,
        locale: current_locale(),
    };
    Ok((moderator, access))
}

/// How many audit entries the board shows.
const LOG_LENGTH: i64 = 50;

/// The board as a moderator sees it.
pub async fn board(db: &Db, moderator: Moderator, title: String) -> Result<Board, AppError> {
    let themes = queries::themes(db.reader(), moderator.challenge_id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(position, theme)| ThemeView {
            position,
            theme_id: theme.theme_id,
            name: theme.name,
            summary: theme.summary,
            colour: theme.colour,
        })
        .collect();
    let ideas = queries::board_ideas(db.reader(), moderator.challenge_id)
        .await?
        .into_iter()
        .map(|idea| BoardIdea {
            idea_id: idea.idea_id,
            first_line: super::markdown::plain_excerpt(&idea.body, FIRST_LINE_CHARS),
            title: idea.title,
            votes: idea.vote_count,
            comments: idea.comment_count,
            theme_id: idea.theme_id,
            hidden: idea.hidden_reason,
        })
        .collect();
    let log = queries::actions(db.reader(), moderator.challenge_id, LOG_LENGTH).await?;
    let undo = queries::last_undoable(db.reader(), moderator.challenge_id, UNDO_KIND)
        .await?
        .map(|action| action.summary);
    let reports = queries::open_reports(db.reader(), moderator.challenge_id)
        .await?
        .into_iter()
        .map(|report| ReportView {
            report_id: report.report_id,
            idea_id: report.idea_id,
            comment_id: report.comment_id,
            idea_title: report.idea_title,
            excerpt: super::markdown::plain_excerpt(&report.body, FIRST_LINE_CHARS),
            reason: report.reason,
            reporter_name: report.reporter_name,
            at: report.created_at,
        })
        .collect();
    let hidden_comments = queries::hidden_comments(db.reader(), moderator.challenge_id)
        .await?
        .into_iter()
        .map(|comment| HiddenComment {
            comment_id: comment.comment_id,
            idea_id: comment.idea_id,
            idea_title: comment.idea_title,
            excerpt: super::markdown::plain_excerpt(&comment.body, FIRST_LINE_CHARS),
            reason: comment.hidden_reason,
        })
        .collect();
    Ok(Board {
        challenge_id: moderator.challenge_id,
        title,
        themes,
        ideas,
        undo,
        reports,
        hidden_comments,
        log: log
            .into_iter()
            .map(|action| AuditEntry {
                action_id: action.action_id,
                actor_name: action.actor_name,
                summary: action.summary,
                at: action.created_at,
                undone: action.undone_at.is_some(),
            })
            .collect(),
    })
}

/// Groups the challenge's shown ideas (or only the unsorted ones) into `count` themes, or as
/// many as the clustering finds; hidden ideas are left out. Changes nothing.
pub async fn suggest_themes(
    db: &Db,
    moderator: Moderator,
    only_unsorted: bool,
    count: Option<usize>,
) -> Result<Vec<SuggestedTheme>, AppError> {
    let ideas: Vec<BoardIdeaRow> = queries::board_ideas(db.reader(), moderator.challenge_id)
        .await?
        .into_iter()
        .filter(|idea| idea.hidden_reason.is_none() && !(only_unsorted && idea.theme_id.is_some()))
        .collect();
    if ideas.len() < 2 {
        let locale = current_locale();
        return Err(AppError::invalid(if only_unsorted {
            td_string!(locale, errors.too_few_unsorted)
        } else {
            td_string!(locale, errors.too_few_ideas)
        }));
    }
    // Clustering a few thousand texts takes a second of CPU: off the async workers.
    let seed = moderator.challenge_id as u64;
    let grouping = tokio::task::spawn_blocking(move || {
        let texts: Vec<String> = ideas
            .iter()
            .map(|idea| format!("{}\n{}", idea.title, idea.body))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let grouping = clustering::cluster(&texts, &clustering::Options { k: count, seed });
        (ideas, grouping)
    })
    .await
    .map_err(|error| super::internal("theme suggestions", error));
    let (ideas, grouping) = grouping?;
    Ok(grouping
        .clusters
        .into_iter()
        .map(|cluster| SuggestedTheme {
            name: theme_name(&cluster.label_terms),
            idea_ids: cluster
                .members
                .iter()
                .map(|&member| ideas[member].idea_id)
                .collect(),
            confidence: cluster.confidence,
        })
        .collect())
}

/// "Quiet, focus, rooms" from the cluster's most distinctive words.
fn theme_name(terms: &[String]) -> String {
    const WORDS: usize = 3;
    let name = terms
        .iter()
        .take(WORDS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut letters = name.chars();
    match letters.next() {
        Some(first) => first.to_uppercase().chain(letters).collect(),
        None => "Other ideas".to_owned(),
    }
}

/// A card shows this much of the idea's description.
const FIRST_LINE_CHARS: usize = 140;

fn no_such_theme() -> AppError {
    AppError::not_found(td_string!(current_locale(), errors.no_such_theme))
}

fn no_such_content(content: Content) -> AppError {
    let locale = current_locale();
    AppError::not_found(match content {
        Content::Idea(_) => td_string!(locale, errors.no_such_idea),
        Content::Comment(_) => td_string!(locale, errors.no_such_comment),
    })
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::*;
    use crate::{
        model::VotingRule,
        server::db::{
            self,
            test_support::{challenge, fresh_db, ideas, members},
            votes::{commit_batch, votes_used, VoteRefusal, VoteRequest},
            Db,
        },
    };

    const NOW: i64 = 5_000;
    const DOTS: VotingRule = VotingRule::Dots {
        budget: 3,
        max_per_idea: 2,
    };

    async fn vote(db: &Db, challenge_id: i64, idea_id: i64, person_id: i64, wanted: i64) {
        let request = VoteRequest {
            challenge_id,
            idea_id,
            person_id,
            wanted,
        };
        commit_batch(db, &[request], NOW).await.unwrap()[0]
            .clone()
            .unwrap();
    }

    /// `(votes on idea, comments on idea)` as counted on the idea row.
    async fn counts(db: &Db, idea_id: i64) -> (i64, i64) {
        let row = sqlx::query("select vote_count, comment_count from idea where idea_id = $1")
            .bind(idea_id)
            .fetch_one(db.reader())
            .await
            .unwrap();
        (row.get("vote_count"), row.get("comment_count"))
    }

    async fn my_votes(db: &Db, idea_id: i64, person_id: i64) -> i64 {
        sqlx::query("select votes from vote where idea_id = $1 and person_id = $2")
            .bind(idea_id)
            .bind(person_id)
            .fetch_optional(db.reader())
            .await
            .unwrap()
            .map_or(0, |row| row.get("votes"))
    }

    async fn act<T>(
        db: &Db,
        action: impl AsyncFnOnce(&mut AnyConnection) -> Result<T, AppError>,
    ) -> T {
        let mut tx = db.begin().await.unwrap();
        let outcome = action(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
        outcome
    }

    #[test]
    fn the_log_is_written_in_the_moderators_language() {
        let moved = Logged::IdeasMoved {
            count: 1,
            theme: None,
        };
        assert_eq!(
            moved.write(Locale::en),
            "Moved 1 idea to \u{201c}Unsorted\u{201d}"
        );
        assert_eq!(moved.write(Locale::es), "1 idea movida a «Sin clasificar»");
        let accepted = Logged::ThemesAccepted {
            names: &["Focus", "Cycling"],
        };
        assert_eq!(
            accepted.write(Locale::en),
            "Accepted 2 suggested themes: \u{201c}Focus\u{201d}, \u{201c}Cycling\u{201d}"
        );
        assert_eq!(
            accepted.write(Locale::nl),
            "2 voorgestelde thema's geaccepteerd: „Focus”, „Cycling”"
        );
        // An undo wraps the undone action's summary as it was written, in another language.
        let undid = Logged::Undid {
            summary: &Logged::Hid {
                content: Content::Comment(1),
                title: "Bike parking",
                reason: "Spam",
            }
            .write(Locale::en),
            cut_short: 2,
        };
        assert_eq!(
            undid.write(Locale::es),
            "Deshecho: Hid a comment on \u{201c}Bike parking\u{201d}: Spam (2 personas ya \
             habían usado los votos devueltos, así que solo han recuperado los que permite su \
             límite de votos)"
        );
    }

    #[tokio::test]
    async fn a_merge_counts_each_voter_once_and_its_undo_restores_everything() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 4).await;
        let (ana, ben, cara, moderator) = (people[0], people[1], people[2], people[3]);
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let idea = ideas(db, challenge_id, cara, 3).await;
        let (target, source, other) = (idea[0], idea[1], idea[2]);
        vote(db, challenge_id, target, ana, 1).await;
        vote(db, challenge_id, source, ana, 2).await;
        vote(db, challenge_id, source, ben, 1).await;
        vote(db, challenge_id, target, cara, 2).await;
        let mut tx = db.begin().await.unwrap();
        db::comments::insert(&mut tx, source, challenge_id, ben, None, "Same as #1", NOW)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let moderator = Moderator {
            challenge_id,
            person_id: moderator,
            now: NOW,
            locale: Locale::en,
        };

        act(db, async |tx| moderator.merge(tx, target, source).await).await;
        // Ana backed both: she keeps her larger share (2) and gets 1 back.
        assert_eq!(my_votes(db, target, ana).await, 2);
        assert_eq!(votes_used(db.reader(), challenge_id, ana).await.unwrap(), 2);
        assert_eq!(my_votes(db, target, ben).await, 1);
        assert_eq!(counts(db, target).await, (5, 1));
        assert_eq!(counts(db, source).await, (0, 0));
        // The merged idea takes no more votes.
        let refused = commit_batch(
            db,
            &[VoteRequest {
                challenge_id,
                idea_id: source,
                person_id: ben,
                wanted: 1,
            }],
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(refused[0], Err(VoteRefusal::NoSuchIdea));

        let undone = act(db, async |tx| moderator.undo_last(tx).await).await;
        assert!(undone.unwrap().starts_with("Undid: Merged"));
        assert_eq!(my_votes(db, target, ana).await, 1);
        assert_eq!(my_votes(db, source, ana).await, 2);
        assert_eq!(votes_used(db.reader(), challenge_id, ana).await.unwrap(), 3);
        assert_eq!(my_votes(db, source, ben).await, 1);
        assert_eq!(counts(db, target).await, (3, 0));
        assert_eq!(counts(db, source).await, (3, 1));
        assert_eq!(my_votes(db, other, ana).await, 0);
    }

    #[tokio::test]
    async fn undoing_a_merge_never_lets_a_budget_overflow() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let (ana, moderator) = (people[0], people[1]);
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let idea = ideas(db, challenge_id, ana, 3).await;
        vote(db, challenge_id, idea[0], ana, 1).await;
        vote(db, challenge_id, idea[1], ana, 2).await;
        let moderator = Moderator {
            challenge_id,
            person_id: moderator,
            now: NOW,
            locale: Locale::en,
        };
        act(db, async |tx| moderator.merge(tx, idea[0], idea[1]).await).await;
        // Ana spends the vote the merge gave back.
        vote(db, challenge_id, idea[2], ana, 1).await;
        let undone = act(db, async |tx| moderator.undo_last(tx).await).await;
        assert!(undone
            .unwrap()
            .contains("1 person had spent the returned votes"));
        let spread = [
            my_votes(db, idea[0], ana).await,
            my_votes(db, idea[1], ana).await,
            my_votes(db, idea[2], ana).await,
        ];
        assert_eq!(spread, [1, 1, 1]);
        assert_eq!(votes_used(db.reader(), challenge_id, ana).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn themes_moves_and_deletions_are_logged_and_undone_newest_first() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let idea = ideas(db, challenge_id, people[0], 3).await;
        let moderator = Moderator {
            challenge_id,
            person_id: people[1],
            now: NOW,
            locale: Locale::en,
        };
        let theme = act(db, async |tx| {
            moderator.create_theme(tx, "Flexible work", "#2a9d8f").await
        })
        .await;
        let moved = act(db, async |tx| {
            moderator
                .move_ideas(tx, &[idea[0], idea[1]], Some(theme))
                .await
        })
        .await;
        assert_eq!(moved, 2);
        // Moving an idea where it already is changes nothing and logs nothing.
        let moved_again = act(db, async |tx| {
            moderator.move_ideas(tx, &[idea[0]], Some(theme)).await
        })
        .await;
        assert_eq!(moved_again, 0);
        let renamed = ThemeFields {
            theme_id: theme,
            name: "Hybrid work".into(),
            summary: "Where and when people work.".into(),
            colour: "#e76f51".into(),
        };
        act(db, async |tx| moderator.edit_theme(tx, &renamed).await).await;
        act(db, async |tx| moderator.delete_theme(tx, theme).await).await;
        assert!(queries::themes(db.reader(), challenge_id)
            .await
            .unwrap()
            .is_empty());
        assert!(queries::ideas_in_theme(db.reader(), theme)
            .await
            .unwrap()
            .is_empty());

        // Undo the deletion: the theme and its two ideas are back.
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert_eq!(
            queries::ideas_in_theme(db.reader(), theme).await.unwrap(),
            [idea[0], idea[1]]
        );
        // Undo the rename.
        act(db, async |tx| moderator.undo_last(tx).await).await;
        let themes = queries::themes(db.reader(), challenge_id).await.unwrap();
        assert_eq!(themes[0].name, "Flexible work");
        // Undo the move.
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert!(queries::ideas_in_theme(db.reader(), theme)
            .await
            .unwrap()
            .is_empty());

        let log = queries::actions(db.reader(), challenge_id, 20)
            .await
            .unwrap();
        let kinds: Vec<(&str, bool)> = log
            .iter()
            .map(|action| (action.kind.as_str(), action.undone_at.is_some()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("undid", false),
                ("undid", false),
                ("undid", false),
                ("theme_deleted", true),
                ("theme_edited", true),
                ("ideas_moved", true),
                ("theme_created", false),
            ]
        );
        assert_eq!(
            log[5].summary,
            "Moved 2 ideas to \u{201c}Flexible work\u{201d}"
        );
        assert!(log.iter().all(|action| action.actor_id == people[1]));
    }

    #[tokio::test]
    async fn hidden_ideas_take_no_votes_and_hidden_comments_leave_the_count_until_restored() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let idea = ideas(db, challenge_id, people[0], 2).await;
        let mut tx = db.begin().await.unwrap();
        let (comment_id, _) =
            db::comments::insert(&mut tx, idea[0], challenge_id, people[0], None, "Spam", NOW)
                .await
                .unwrap();
        tx.commit().await.unwrap();
        let moderator = Moderator {
            challenge_id,
            person_id: people[1],
            now: NOW,
            locale: Locale::en,
        };
        act(db, async |tx| {
            moderator
                .hide(tx, Content::Comment(comment_id), "Advertising")
                .await
        })
        .await;
        assert_eq!(counts(db, idea[0]).await, (0, 0));
        act(db, async |tx| {
            moderator
                .hide(tx, Content::Idea(idea[1]), "Personal data")
                .await
        })
        .await;
        // Off the lists, counts and similarity texts for everyone.
        let listed: Vec<i64> = db::ideas::texts(db.reader(), challenge_id)
            .await
            .unwrap()
            .iter()
            .map(|idea| idea.idea_id)
            .collect();
        assert_eq!(listed, [idea[0]]);
        let participation = db::challenges::participation(db.reader(), people[0])
            .await
            .unwrap();
        assert_eq!(participation[&challenge_id].idea_count, 1);
        let discussion = db::comments::for_idea(db.reader(), idea[0]).await.unwrap();
        assert_eq!(discussion[0].hidden_reason.as_deref(), Some("Advertising"));
        let refused = commit_batch(
            db,
            &[VoteRequest {
                challenge_id,
                idea_id: idea[1],
                person_id: people[0],
                wanted: 1,
            }],
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(refused[0], Err(VoteRefusal::NoSuchIdea));
        // An idea of another challenge cannot be hidden through this one.
        let foreign = Moderator {
            challenge_id: challenge(db, DOTS, 0, 1_000_001).await,
            ..moderator
        };
        let mut tx = db.begin().await.unwrap();
        let error = foreign
            .hide(&mut tx, Content::Idea(idea[0]), "x")
            .await
            .unwrap_err();
        assert_eq!(error.status_code(), 404);
        drop(tx);

        act(db, async |tx| moderator.undo_last(tx).await).await;
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert_eq!(counts(db, idea[0]).await, (0, 1));
        vote(db, challenge_id, idea[1], people[0], 1).await;
        assert_eq!(counts(db, idea[1]).await, (1, 0));
        // Nothing left to undo but the undos themselves, which are not undone.
        assert_eq!(
            act(db, async |tx| moderator.undo_last(tx).await).await,
            None
        );
    }

    async fn open_report_ids(db: &Db, challenge_id: i64) -> Vec<i64> {
        queries::open_reports(db.reader(), challenge_id)
            .await
            .unwrap()
            .iter()
            .map(|report| report.report_id)
            .collect()
    }

    async fn notices(db: &Db, person_id: i64) -> Vec<NotificationKind> {
        notifications::latest(db.reader(), person_id, 10)
            .await
            .unwrap()
            .iter()
            .map(|notice| notice.kind)
            .collect()
    }

    #[tokio::test]
    async fn hiding_closes_reports_and_tells_the_author_and_restoring_is_undoable() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 3).await;
        let (author, reporter, moderator_id) = (people[0], people[1], people[2]);
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let idea = ideas(db, challenge_id, author, 2).await;
        let mut tx = db.begin().await.unwrap();
        let (comment_id, _) =
            db::comments::insert(&mut tx, idea[1], challenge_id, author, None, "Buy now", NOW)
                .await
                .unwrap();
        tx.commit().await.unwrap();
        let report = |idea_id, comment_id| {
            queries::insert_report(
                db.writer(),
                challenge_id,
                idea_id,
                comment_id,
                reporter,
                "Spam",
                NOW,
            )
        };
        let on_idea = report(idea[0], None).await.unwrap();
        let on_comment = report(idea[1], Some(comment_id)).await.unwrap();
        let other = report(idea[1], None).await.unwrap();
        let moderator = Moderator {
            challenge_id,
            person_id: moderator_id,
            now: NOW,
            locale: Locale::en,
        };

        act(db, async |tx| {
            moderator
                .hide(tx, Content::Idea(idea[0]), "Off-topic")
                .await
        })
        .await;
        assert_eq!(open_report_ids(db, challenge_id).await, [on_comment, other]);
        assert_eq!(notices(db, author).await, [NotificationKind::Hidden]);
        act(db, async |tx| {
            moderator
                .hide(tx, Content::Comment(comment_id), "Advertising")
                .await
        })
        .await;
        // Reports on the idea itself stay open when one of its comments is hidden.
        assert_eq!(open_report_ids(db, challenge_id).await, [other]);
        act(db, async |tx| moderator.dismiss_report(tx, other).await).await;
        assert!(open_report_ids(db, challenge_id).await.is_empty());

        // Restoring shows the idea again; undoing the restore hides it with the same reason.
        act(db, async |tx| {
            moderator.restore(tx, Content::Idea(idea[0])).await
        })
        .await;
        let mut tx = db.begin().await.unwrap();
        let state = queries::find_content(&mut tx, challenge_id, Content::Idea(idea[0]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(state.hidden_reason, None);
        let error = moderator
            .restore(&mut tx, Content::Idea(idea[0]))
            .await
            .unwrap_err();
        assert_eq!(error.status_code(), 409);
        drop(tx);
        act(db, async |tx| moderator.undo_last(tx).await).await;
        let mut tx = db.begin().await.unwrap();
        let state = queries::find_content(&mut tx, challenge_id, Content::Idea(idea[0]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(state.hidden_reason.as_deref(), Some("Off-topic"));
        drop(tx);
        // Undoing the dismissal reopens the report; undoing the comment's hiding reopens its
        // report and brings the comment back into the count.
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert_eq!(open_report_ids(db, challenge_id).await, [other]);
        assert_eq!(counts(db, idea[1]).await, (0, 0));
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert_eq!(open_report_ids(db, challenge_id).await, [on_comment, other]);
        assert_eq!(counts(db, idea[1]).await, (0, 1));
        let log = queries::actions(db.reader(), challenge_id, 20)
            .await
            .unwrap();
        let kinds: Vec<&str> = log.iter().map(|action| action.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "undid",
                "undid",
                "undid",
                "restored",
                "report_dismissed",
                "hid",
                "hid"
            ]
        );
        assert_eq!(
            log[3].summary,
            "Restored the idea \u{201c}Idea number 0\u{201d}"
        );
        assert!(!open_report_ids(db, challenge_id).await.contains(&on_idea));
    }

    #[tokio::test]
    async fn suggested_themes_group_alike_ideas_and_accepting_them_is_one_undo() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let texts = [
            ("Quiet rooms", "Quiet rooms for focused work without noise"),
            (
                "Silent zone",
                "A silent zone where noise is banned so we can focus",
            ),
            (
                "No-noise floor",
                "Keep one floor free of noise for focus work",
            ),
            ("Bike parking", "Covered bike parking near the entrance"),
            (
                "Bike repair",
                "A bike repair stand and pump in the bike parking",
            ),
            (
                "Cycle to work",
                "Showers for people who cycle and bike to work",
            ),
        ];
        let mut idea = Vec::new();
        for (title, body) in texts {
            idea.push(
                db::ideas::insert(db.writer(), challenge_id, people[0], title, body, NOW)
                    .await
                    .unwrap(),
            );
        }
        let moderator = Moderator {
            challenge_id,
            person_id: people[1],
            now: NOW,
            locale: Locale::en,
        };
        let suggested = suggest_themes(db, moderator, false, Some(2)).await.unwrap();
        let mut groups: Vec<Vec<i64>> = suggested
            .iter()
            .map(|theme| theme.idea_ids.clone())
            .collect();
        groups.sort();
        assert_eq!(groups, [idea[..3].to_vec(), idea[3..].to_vec()]);
        let bikes = suggested
            .iter()
            .find(|theme| theme.idea_ids.contains(&idea[3]))
            .unwrap();
        let named_after_bikes = ["bike", "cycl", "park"]
            .iter()
            .any(|word| bikes.name.to_lowercase().contains(word));
        assert!(named_after_bikes, "{}", bikes.name);
        // The same input and seed give the same proposal.
        assert_eq!(
            suggest_themes(db, moderator, false, Some(2)).await.unwrap(),
            suggested
        );

        let accepted = [
            AcceptedTheme {
                name: "Focus".to_owned(),
                idea_ids: idea[..3].to_vec(),
            },
            AcceptedTheme {
                name: "Cycling".to_owned(),
                idea_ids: idea[3..].to_vec(),
            },
        ];
        let themes = act(db, async |tx| moderator.accept_themes(tx, &accepted).await).await;
        let board_themes = queries::themes(db.reader(), challenge_id).await.unwrap();
        let names: Vec<&str> = board_themes
            .iter()
            .map(|theme| theme.name.as_str())
            .collect();
        assert_eq!(names, ["Focus", "Cycling"]);
        let placed = queries::themes_of_ideas(&mut db.begin().await.unwrap(), challenge_id, &idea)
            .await
            .unwrap();
        assert!(placed
            .iter()
            .all(|&(id, theme)| theme == Some(themes[usize::from(idea[3..].contains(&id))])));
        // Only unsorted ideas: none left.
        let error = suggest_themes(db, moderator, true, None).await.unwrap_err();
        assert_eq!(error.status_code(), 422);

        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert!(queries::themes(db.reader(), challenge_id)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            suggest_themes(db, moderator, true, None)
                .await
                .unwrap()
                .iter()
                .map(|t| t.idea_ids.len())
                .sum::<usize>(),
            6
        );
    }

    #[tokio::test]
    async fn themes_change_places_and_undo_puts_them_back() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 1).await;
        let challenge_id = challenge(db, DOTS, 0, 1_000_000).await;
        let moderator = Moderator {
            challenge_id,
            person_id: people[0],
            now: NOW,
            locale: Locale::en,
        };
        let mut ids = Vec::new();
        for name in ["Pay", "Growth", "Tools"] {
            ids.push(
                act(db, async |tx| {
                    moderator.create_theme(tx, name, "#2a9d8f").await
                })
                .await,
            );
        }
        let order = async || -> Vec<String> {
            queries::themes(db.reader(), challenge_id)
                .await
                .unwrap()
                .into_iter()
                .map(|theme| theme.name)
                .collect()
        };
        act(db, async |tx| moderator.move_theme(tx, ids[2], true).await).await;
        assert_eq!(order().await, ["Pay", "Tools", "Growth"]);
        let mut tx = db.begin().await.unwrap();
        let error = moderator
            .move_theme(&mut tx, ids[0], true)
            .await
            .unwrap_err();
        assert_eq!(error.status_code(), 422);
        drop(tx);
        act(db, async |tx| moderator.undo_last(tx).await).await;
        assert_eq!(order().await, ["Pay", "Growth", "Tools"]);
    }
}
