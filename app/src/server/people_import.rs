//! Importing people from an HR export (CSV): check every row, report what would be rejected and
//! why, and write the accepted rows in one transaction, so an import is never half applied.

use std::collections::HashMap;

use super::db::{self, people::PersonRecord, Db};
use crate::{
    domain::{EmailAddress, PersonName},
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
    model::{ImportOutcome, ImportReport, ImportRow, Role},
};

/// Large enough for a big company's export, small enough to check in one request.
pub const MAX_ROWS: usize = 50_000;
const MAX_FIELD_CHARS: usize = 100;

/// The checked file: the report to show, and what to write for the accepted rows.
pub struct ImportPlan {
    pub report: ImportReport,
    accepted: Vec<AcceptedRow>,
}

struct AcceptedRow {
    record: PersonRecord,
    manager_email: Option<String>,
    existing_id: Option<i64>,
}

/// A parsed data line before cross-row checks.
struct Candidate {
    line: usize,
    email: String,
    parsed: Result<(PersonRecord, Option<String>), String>,
}

#[derive(Clone, Copy)]
enum Column {
    Name,
    Email,
    Department,
    Region,
    ManagerEmail,
}

fn column_for(header: &str) -> Option<Column> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    match key.as_str() {
        "name" | "fullname" | "displayname" => Some(Column::Name),
        "email" | "emailaddress" | "mail" | "mailaddress" => Some(Column::Email),
        "department" | "dept" => Some(Column::Department),
        "region" => Some(Column::Region),
        "manageremail" | "manager" | "manageremailaddress" => Some(Column::ManagerEmail),
        _ => None,
    }
}

/// Checks a CSV export against the people already in Chorus (`existing`: email → id).
pub fn plan(csv_text: &str, existing: &HashMap<String, i64>) -> Result<ImportPlan, AppError> {
    let locale = current_locale();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| {
            AppError::invalid(
                td_string!(locale, errors.import_header_unreadable, error).to_string(),
            )
        })?
        .clone();
    let columns: Vec<Option<Column>> = headers.iter().map(column_for).collect();
    let has = |wanted: fn(&Column) -> bool| columns.iter().flatten().any(wanted);
    if !has(|c| matches!(c, Column::Name)) || !has(|c| matches!(c, Column::Email)) {
        return Err(AppError::invalid(
            td_string!(
                locale,
                errors.import_columns_missing,
                headers = headers.iter().collect::<Vec<_>>().join(", ")
            )
            .to_string(),
        ));
    }

    let mut candidates = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            AppError::invalid(td_string!(locale, errors.import_file_unreadable, error).to_string())
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if candidates.len() == MAX_ROWS {
            return Err(AppError::invalid(
                td_string!(locale, errors.import_too_many_rows, most = MAX_ROWS).to_string(),
            ));
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |wanted: fn(&Column) -> bool| {
            columns
                .iter()
                .position(|c| c.as_ref().is_some_and(wanted))
                .and_then(|i| record.get(i))
                .unwrap_or_default()
                .to_owned()
        };
        let email = field(|c| matches!(c, Column::Email));
        let parsed = if record.len() != headers.len() {
            Err(td_string!(
                locale,
                errors.import_field_count,
                count = record.len(),
                columns = headers.len()
            )
            .to_string())
        } else {
            parse_row(
                locale,
                &field(|c| matches!(c, Column::Name)),
                &email,
                &field(|c| matches!(c, Column::Department)),
                &field(|c| matches!(c, Column::Region)),
                &field(|c| matches!(c, Column::ManagerEmail)),
            )
        };
        candidates.push(Candidate {
            line,
            email: email.trim().to_lowercase(),
            parsed,
        });
    }
    if candidates.is_empty() {
        return Err(AppError::invalid(td_string!(
            locale,
            errors.import_no_people
        )));
    }
    Ok(check_across_rows(locale, candidates, existing))
}

/// One row's own checks; reasons are in `locale`.
fn parse_row(
    locale: Locale,
    name: &str,
    email: &str,
    department: &str,
    region: &str,
    manager: &str,
) -> Result<(PersonRecord, Option<String>), String> {
    let name = PersonName::parse_in(locale, name).map_err(|e| e.to_string())?;
    let email = EmailAddress::parse_in(locale, email).map_err(|e| e.to_string())?;
    if department.chars().count() > MAX_FIELD_CHARS {
        return Err(td_string!(
            locale,
            errors.import_department_too_long,
            max = MAX_FIELD_CHARS
        )
        .to_string());
    }
    if region.chars().count() > MAX_FIELD_CHARS {
        return Err(
            td_string!(locale, errors.import_region_too_long, max = MAX_FIELD_CHARS).to_string(),
        );
    }
    let manager = if manager.is_empty() {
        None
    } else {
        let manager = EmailAddress::parse_in(locale, manager)
            .map_err(|error| td_string!(locale, errors.import_manager_email, error).to_string())?
            .into_string();
        if manager == email.as_str() {
            return Err(td_string!(locale, errors.import_own_manager).to_owned());
        }
        Some(manager)
    };
    let record = PersonRecord {
        display_name: name.into_string(),
        email: email.into_string(),
        role: Role::Member,
        department: department.to_owned(),
        region: region.to_owned(),
        manager_id: None,
    };
    Ok((record, manager))
}

/// Rejects duplicate emails and managers who are neither in Chorus nor accepted in this file.
/// A row whose manager is rejected is rejected too, until nothing changes. Reasons are in
/// `locale`.
fn check_across_rows(
    locale: Locale,
    candidates: Vec<Candidate>,
    existing: &HashMap<String, i64>,
) -> ImportPlan {
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut outcomes: Vec<Result<(), String>> = Vec::with_capacity(candidates.len());
    for candidate in &candidates {
        let outcome = match &candidate.parsed {
            Err(reason) => Err(reason.clone()),
            Ok((record, _)) => match first_line.get(&record.email) {
                Some(line) => {
                    Err(td_string!(locale, errors.import_duplicate_email, line).to_string())
                }
                None => {
                    first_line.insert(record.email.clone(), candidate.line);
                    Ok(())
                }
            },
        };
        outcomes.push(outcome);
    }
    loop {
        let accepted: HashMap<&str, usize> = candidates
            .iter()
            .zip(&outcomes)
            .filter(|(_, outcome)| outcome.is_ok())
            .map(|(c, _)| (c.email.as_str(), c.line))
            .collect();
        let mut changed = false;
        for (candidate, outcome) in candidates.iter().zip(outcomes.iter_mut()) {
            let Ok((_, Some(manager))) = &candidate.parsed else {
                continue;
            };
            if outcome.is_ok()
                && !accepted.contains_key(manager.as_str())
                && !existing.contains_key(manager)
            {
                *outcome = Err(match first_line.get(manager) {
                    Some(line) => td_string!(locale, errors.import_manager_rejected, manager, line)
                        .to_string(),
                    None => td_string!(locale, errors.import_manager_unknown, manager).to_string(),
                });
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    let mut report = ImportReport::default();
    let mut accepted = Vec::new();
    for (candidate, outcome) in candidates.into_iter().zip(outcomes) {
        let (outcome, row) = match (outcome, candidate.parsed) {
            (Ok(()), Ok((record, manager_email))) => {
                let existing_id = existing.get(&record.email).copied();
                let outcome = if existing_id.is_some() {
                    ImportOutcome::Update
                } else {
                    ImportOutcome::Create
                };
                (
                    outcome,
                    Some(AcceptedRow {
                        record,
                        manager_email,
                        existing_id,
                    }),
                )
            }
            (Err(reason), _) | (Ok(()), Err(reason)) => (ImportOutcome::Rejected(reason), None),
        };
        report.rows.push(ImportRow {
            line: candidate.line,
            email: candidate.email,
            outcome,
        });
        accepted.extend(row);
    }
    ImportPlan { report, accepted }
}

/// Writes the accepted rows in one transaction: everyone, then their managers (a manager may
/// be further down the file). New people get the member role; existing people keep theirs.
pub async fn apply(db: &Db, plan: &ImportPlan, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ids: HashMap<String, i64> = HashMap::new();
    for row in &plan.accepted {
        let id = match row.existing_id {
            Some(id) => {
                db::people::update_profile(&mut *tx, id, &row.record, now).await?;
                id
            }
            None => db::people::insert(&mut *tx, &row.record, now).await?,
        };
        ids.insert(row.record.email.clone(), id);
    }
    for row in &plan.accepted {
        let manager_id = match &row.manager_email {
            None => None,
            Some(email) => match ids.get(email) {
                Some(id) => Some(*id),
                None => db::people::id_by_email(&mut *tx, email).await?,
            },
        };
        db::people::set_manager(&mut *tx, ids[&row.record.email], manager_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(plan: &ImportPlan) -> Vec<(usize, ImportOutcome)> {
        plan.report
            .rows
            .iter()
            .map(|row| (row.line, row.outcome.clone()))
            .collect()
    }

    fn rejected_reason(plan: &ImportPlan, line: usize) -> String {
        match &plan
            .report
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .outcome
        {
            ImportOutcome::Rejected(reason) => reason.clone(),
            other => panic!("line {line} was {other:?}"),
        }
    }

    #[test]
    fn a_clean_file_creates_everyone_and_updates_known_people() {
        let csv = "name,email,department,region,manager email\n\
                   Ada Lovelace,ada@x.org,Engineering,EMEA,grace@x.org\n\
                   Grace Hopper,GRACE@x.org,Engineering,Americas,\n";
        let existing = HashMap::from([("grace@x.org".to_owned(), 7)]);
        let plan = plan(csv, &existing).unwrap();
        assert_eq!(
            outcomes(&plan),
            vec![(2, ImportOutcome::Create), (3, ImportOutcome::Update)]
        );
        assert_eq!(
            plan.accepted[0].manager_email.as_deref(),
            Some("grace@x.org")
        );
    }

    #[test]
    fn each_bad_row_says_why() {
        let csv = "Name,Email,Manager\n\
                   Ada,ada@x.org,\n\
                   ,nobody@x.org,\n\
                   Bob,not-an-email,\n\
                   Ada Again,ada@x.org,\n\
                   Cy,cy@x.org,ghost@x.org\n\
                   Di,di@x.org,di@x.org\n\
                   Ed,ed@x.org\n";
        let plan = plan(csv, &HashMap::new()).unwrap();
        assert_eq!(plan.report.accepted(), 1);
        assert!(rejected_reason(&plan, 3).contains("name"));
        assert!(rejected_reason(&plan, 4).contains("not-an-email"));
        assert!(rejected_reason(&plan, 5).contains("line 2"));
        assert!(rejected_reason(&plan, 6).contains("neither in this file nor in Chorus"));
        assert!(rejected_reason(&plan, 7).contains("own manager"));
        assert!(rejected_reason(&plan, 8).contains("2 fields"));
    }

    #[test]
    fn a_rejected_manager_takes_their_reports_along() {
        let csv = "name,email,manager email\n\
                   Boss,boss@x.org,big@x.org\n\
                   Ada,ada@x.org,boss@x.org\n\
                   Bob,bob@x.org,ada@x.org\n";
        let plan = plan(csv, &HashMap::new()).unwrap();
        assert_eq!(plan.report.accepted(), 0);
        assert!(rejected_reason(&plan, 4).contains("ada@x.org (line 3) is rejected"));
    }

    #[test]
    fn files_without_the_required_columns_are_refused_whole() {
        let synonyms = plan("full name,mail address\nAda,ada@x.org\n", &HashMap::new());
        assert!(synonyms.is_ok(), "synonyms are understood");
        let error = plan("person,address\nAda,ada@x.org\n", &HashMap::new())
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("\u{201c}email\u{201d}"),
            "{error}"
        );
        assert!(plan("name,email\n", &HashMap::new()).is_err());
    }

    #[tokio::test]
    async fn applying_writes_people_and_their_managers() {
        let test = super::super::db::test_support::fresh_db().await;
        let db = &test.db;
        let csv = "name,email,department,region,manager email\n\
                   Ada,ada@x.org,Eng,EMEA,boss@x.org\n\
                   Boss,boss@x.org,Eng,EMEA,\n\
                   Bad,bad,Eng,EMEA,\n";
        let plan = plan(csv, &HashMap::new()).unwrap();
        apply(db, &plan, 1).await.unwrap();
        let people = db::people::list(db.reader()).await.unwrap();
        assert_eq!(people.len(), 2);
        let ada = people.iter().find(|p| p.email == "ada@x.org").unwrap();
        assert_eq!(ada.manager_email.as_deref(), Some("boss@x.org"));
        assert_eq!(ada.role, Role::Member);
    }
}
