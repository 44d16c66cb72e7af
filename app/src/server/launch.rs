//! The rules for launching a challenge, from the form to a record ready to store.

use super::db::challenges::ChallengeRecord;
use crate::{
    domain::{bounded_text, local_time::parse_local, BoundedText},
    error::AppError,
    i18n::td_string,
    locale::current_locale,
    model::{Audience, ChallengeInput, VotingRule},
};

/// Longest time box we accept: long enough for any real consultation, short enough to catch a
/// mistyped year.
const MAX_DAYS_OPEN: i64 = 366;
const MAX_BUDGET: i64 = 1000;

pub fn validate(input: &ChallengeInput, now: i64) -> Result<ChallengeRecord, AppError> {
    let title = BoundedText::parse(bounded_text::CHALLENGE_TITLE, &input.title)?;
    let question = BoundedText::parse(bounded_text::QUESTION, &input.question)?;
    let brief = BoundedText::parse_optional(bounded_text::BRIEF, &input.brief)?;
    let locale = current_locale();
    let opens_at = parse_local(
        &input.opens_local,
        input.utc_offset_minutes,
        td_string!(locale, errors.field_opening_time),
    )?;
    let closes_at = parse_local(
        &input.closes_local,
        input.utc_offset_minutes,
        td_string!(locale, errors.field_closing_time),
    )?;
    if closes_at <= opens_at {
        return Err(AppError::invalid(td_string!(
            locale,
            errors.closing_before_opening
        )));
    }
    if closes_at <= now {
        return Err(AppError::invalid(td_string!(
            locale,
            errors.closing_in_past
        )));
    }
    if closes_at - opens_at > MAX_DAYS_OPEN * super::clock::DAY_MS {
        return Err(AppError::invalid(
            td_string!(locale, errors.open_too_long, most = MAX_DAYS_OPEN).to_string(),
        ));
    }
    let voting = match input.voting.as_str() {
        "one_per_idea" => VotingRule::OnePerIdea,
        "dots" => {
            let budget = input.vote_budget.unwrap_or(0);
            let max_per_idea = input.max_per_idea.unwrap_or(1);
            if !(1..=MAX_BUDGET).contains(&budget) {
                return Err(AppError::invalid(
                    td_string!(locale, errors.vote_budget_range, most = MAX_BUDGET).to_string(),
                ));
            }
            if !(1..=budget).contains(&max_per_idea) {
                return Err(AppError::invalid(td_string!(
                    locale,
                    errors.max_per_idea_range
                )));
            }
            VotingRule::Dots {
                budget,
                max_per_idea,
            }
        }
        other => {
            return Err(AppError::invalid(
                td_string!(
                    locale,
                    errors.choose_voting_rule,
                    got = format!("{other:?}")
                )
                .to_string(),
            ))
        }
    };
    Ok(ChallengeRecord {
        title: title.into_string(),
        question: question.into_string(),
        brief: brief.into_string(),
        sponsor_id: input.sponsor_id,
        opens_at,
        closes_at,
        voting,
        hide_authors: input.hide_authors.is_some(),
        audience: Audience {
            departments: clean_names(&input.departments),
            regions: clean_names(&input.regions),
        },
    })
}

fn clean_names(names: &[String]) -> Vec<String> {
    let mut names: Vec<String> = names
        .iter()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ChallengeInput {
        ChallengeInput {
            title: "HR 2030".into(),
            question: "What is one thing HR should do differently by 2030?".into(),
            brief: String::new(),
            sponsor_id: 1,
            opens_local: "2030-01-01T09:00".into(),
            closes_local: "2030-02-01T17:00".into(),
            utc_offset_minutes: 0,
            voting: "dots".into(),
            vote_budget: Some(5),
            max_per_idea: Some(2),
            departments: vec![" HR ".into(), "HR".into(), String::new()],
            ..ChallengeInput::default()
        }
    }

    #[test]
    fn a_good_form_becomes_a_record() {
        let record = validate(&input(), 0).unwrap();
        assert_eq!(
            record.voting,
            VotingRule::Dots {
                budget: 5,
                max_per_idea: 2
            }
        );
        assert_eq!(record.audience.departments, vec!["HR".to_owned()]);
        assert!(!record.hide_authors);
    }

    #[test]
    fn bad_forms_say_what_to_fix() {
        type Change = fn(&mut ChallengeInput);
        let cases: [(Change, &str); 5] = [
            (
                |i| i.closes_local = "2029-12-01T09:00".into(),
                "after the opening time",
            ),
            (|i| i.vote_budget = Some(0), "between 1 and 1000 votes"),
            (|i| i.max_per_idea = Some(6), "at most the budget"),
            (|i| i.voting = "approval".into(), "Choose a voting rule"),
            (
                |i| i.closes_local = "2031-02-01T17:00".into(),
                "at most 366 days",
            ),
        ];
        for (change, expected) in cases {
            let mut bad = input();
            change(&mut bad);
            let message = validate(&bad, 0).unwrap_err().to_string();
            assert!(message.contains(expected), "{message}");
        }
        let past = validate(&input(), i64::MAX / 2).unwrap_err().to_string();
        assert!(past.contains("already past"), "{past}");
    }
}
