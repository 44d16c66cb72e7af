//! The demo organisation created on first start (`chorus --demo`), so a newcomer can sign in
//! and see every feature at once.

use super::{
    clock::now_ms,
    db::{self, people::PersonRecord, Db},
    passwords,
};
use crate::{error::AppError, model::Role};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "chorus-demo-2030";

/// The accounts printed at start-up, one per role.
pub const DEMO_LOGINS: [(&str, Role); 4] = [
    ("admin@chorus.example", Role::Admin),
    ("leader@chorus.example", Role::Leader),
    ("moderator@chorus.example", Role::Moderator),
    ("member@chorus.example", Role::Member),
];

const DEPARTMENTS: [&str; 6] = [
    "HR",
    "Finance",
    "Engineering",
    "Sales",
    "Operations",
    "Marketing",
];
const REGIONS: [&str; 3] = ["EMEA", "Americas", "APAC"];
const GIVEN: [&str; 12] = [
    "Amara", "Bruno", "Chen", "Dalia", "Emil", "Fatima", "Goran", "Hana", "Iker", "Jonas", "Keiko",
    "Lucía",
];
const FAMILY: [&str; 3] = ["Okafor", "Jansen", "Moreno"];

/// Creates the demo organisation when the database has nobody in it. Returns true when it did.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    if db::people::count(db.reader()).await? > 0 {
        return Ok(false);
    }
    // One hash for all demo accounts: hashing dozens of times would slow the first start.
    let password_hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let now = now_ms();
    let mut tx = db.begin().await?;

    let named = [
        ("Ines Admin", "IT", "EMEA"),
        ("Laura Leader", "HR", "EMEA"),
        ("Mateo Moderator", "HR", "Americas"),
        ("Mia Member", "Finance", "APAC"),
    ];
    let mut ids = Vec::new();
    for ((email, role), (name, department, region)) in DEMO_LOGINS.iter().zip(named) {
        let record = PersonRecord {
            display_name: name.to_owned(),
            email: (*email).to_owned(),
            role: *role,
            department: department.to_owned(),
            region: region.to_owned(),
            manager_id: None,
        };
        ids.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    let leader = ids[1];

    // Department heads report to the leader; everyone else to their department head.
    let mut heads = Vec::new();
    for (index, department) in DEPARTMENTS.iter().enumerate() {
        let record = staff_record(index, department, REGIONS[index % REGIONS.len()], leader);
        heads.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    for index in DEPARTMENTS.len()..GIVEN.len() * FAMILY.len() {
        let department = DEPARTMENTS[index % DEPARTMENTS.len()];
        let region = REGIONS[(index / DEPARTMENTS.len()) % REGIONS.len()];
        let record = staff_record(index, department, region, heads[index % DEPARTMENTS.len()]);
        ids.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    for id in ids.iter().chain(&heads) {
        db::people::set_password_hash(&mut *tx, *id, &password_hash, now).await?;
    }
    db::people::set_manager(&mut *tx, ids[3], Some(heads[1])).await?;
    tx.commit().await?;
    Ok(true)
}

fn staff_record(index: usize, department: &str, region: &str, manager_id: i64) -> PersonRecord {
    let given = GIVEN[index % GIVEN.len()];
    let family = FAMILY[index / GIVEN.len()];
    PersonRecord {
        display_name: format!("{given} {family}"),
        email: format!(
            "{}.{}@chorus.example",
            given.to_lowercase().replace('í', "i"),
            family.to_lowercase()
        ),
        role: Role::Member,
        department: department.to_owned(),
        region: region.to_owned(),
        manager_id: Some(manager_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::fresh_db;

    #[tokio::test]
    async fn the_demo_has_every_role_and_is_seeded_once() {
        let test = fresh_db().await;
        let db = &test.db;
        assert!(seed_if_empty(db).await.unwrap());
        assert!(
            !seed_if_empty(db).await.unwrap(),
            "second start seeds nothing"
        );

        let people = db::people::list(db.reader()).await.unwrap();
        assert!(
            people.len() >= 30,
            "a few dozen people, got {}",
            people.len()
        );
        for (email, role) in DEMO_LOGINS {
            let person = people.iter().find(|p| p.email == email).unwrap();
            assert_eq!(person.role, role);
            assert!(person.has_password);
        }
        let departments: std::collections::HashSet<_> =
            people.iter().map(|p| p.department.as_str()).collect();
        let regions: std::collections::HashSet<_> =
            people.iter().map(|p| p.region.as_str()).collect();
        assert!(departments.len() >= 6 && regions.len() == 3);
        let with_manager = people.iter().filter(|p| p.manager_email.is_some()).count();
        assert!(with_manager >= people.len() - 4);
    }
}
