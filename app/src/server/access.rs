//! Who may see and do what on a challenge. Every server function about a challenge, an idea or
//! a comment goes through [`ChallengeAccess::load`], so the rules live in one place.

use super::db::{self, challenges::ChallengeRow, Db};
use crate::{
    domain::local_time::format_utc,
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
    model::{Audience, Phase, Role, Viewer},
};

/// A challenge the viewer may see, with their rights on it.
pub struct ChallengeAccess {
    pub challenge: ChallengeRow,
    pub audience: Audience,
    pub phase: Phase,
    /// In the audience: may contribute while the challenge is open.
    pub invited: bool,
    /// Leaders and admins: change the time box, see scheduled challenges and, with the
    /// sponsor, mark official responses.
    pub manages: bool,
}

impl ChallengeAccess {
    /// Loads a challenge for `viewer`. A challenge they may not see is reported as missing,
    /// so its existence does not leak.
    pub async fn load(
        db: &Db,
        viewer: &Viewer,
        challenge_id: i64,
        now: i64,
    ) -> Result<Self, AppError> {
        let missing =
            || AppError::not_found(td_string!(current_locale(), errors.no_such_challenge));
        let challenge = db::challenges::find(db.reader(), challenge_id)
            .await?
            .ok_or_else(missing)?;
        let audience = db::challenges::audience(db.reader(), challenge_id).await?;
        let phase = challenge.phase(now);
        let manages = viewer.role.can_launch_challenges();
        let invited = audience.includes(&viewer.department, &viewer.region);
        if !can_see(viewer, challenge.sponsor_id, phase, invited) {
            return Err(missing());
        }
        Ok(Self {
            challenge,
            audience,
            phase,
            invited,
            manages,
        })
    }

    /// Moderates the challenge: leaders and admins moderate every challenge they see, others
    /// only those a leader or admin assigned them to.
    pub async fn moderates(&self, db: &Db, viewer: &Viewer) -> Result<bool, AppError> {
        Ok(self.manages
            || db::moderation::is_moderator(
                db.reader(),
                self.challenge.challenge_id,
                viewer.person_id,
            )
            .await?)
    }

    /// May mark a comment as the official response.
    pub fn may_respond_officially(&self, viewer: &Viewer) -> bool {
        self.manages || self.challenge.sponsor_id == viewer.person_id
    }

    /// Fails unless the viewer may `action` (e.g. "submit ideas", in the request's language,
    /// looked up only on refusal) right now.
    pub fn require_open(&self, action: fn(Locale) -> &'static str) -> Result<(), AppError> {
        if !self.invited {
            let locale = current_locale();
            return Err(AppError::forbidden(
                td_string!(
                    locale,
                    errors.open_to_only,
                    audience = self.audience.describe(locale),
                    action = action(locale)
                )
                .to_string(),
            ));
        }
        require_phase_open(self.phase, &self.challenge, action)
    }
}

/// Every challenge `viewer` may see, soonest closing first, with its phase at `now`.
pub async fn visible_challenges(
    db: &Db,
    viewer: &Viewer,
    now: i64,
) -> Result<Vec<(ChallengeRow, Phase)>, AppError> {
    let audiences = db::challenges::audiences(db.reader()).await?;
    Ok(db::challenges::all(db.reader())
        .await?
        .into_iter()
        .filter_map(|challenge| {
            let phase = challenge.phase(now);
            let invited = audiences
                .get(&challenge.challenge_id)
                .is_none_or(|audience| audience.includes(&viewer.department, &viewer.region));
            can_see(viewer, challenge.sponsor_id, phase, invited).then_some((challenge, phase))
        })
        .collect())
}

/// Leaders, admins and the sponsor see every challenge; others see those they are invited to
/// once they open. Moderators see all open and closed ones, as they may be asked to sort any.
pub fn can_see(viewer: &Viewer, sponsor_id: i64, phase: Phase, invited: bool) -> bool {
    viewer.role.can_launch_challenges()
        || sponsor_id == viewer.person_id
        || (phase != Phase::Scheduled && (invited || viewer.role == Role::Moderator))
}

/// The message for anything attempted outside the open window, by the server's clock; `action`
/// gives it in the request's language, looked up only on refusal.
pub fn require_phase_open(
    phase: Phase,
    challenge: &ChallengeRow,
    action: fn(Locale) -> &'static str,
) -> Result<(), AppError> {
    if phase == Phase::Open {
        return Ok(());
    }
    let locale = current_locale();
    let action = action(locale);
    let message = if phase == Phase::Scheduled {
        let time = format_utc(challenge.opens_at);
        td_string!(locale, errors.opens_later, time, action).to_string()
    } else {
        let time = format_utc(challenge.closes_at);
        td_string!(locale, errors.closed_already, time, action).to_string()
    };
    Err(AppError::conflict(message))
}
