//! What people type into forms and files: every parser either refuses the input with a message
//! or accepts a value that parses to itself again, and none of them panics.

#![no_main]

use std::collections::HashMap;

use app::{
    domain::{
        bounded_text::{COMMENT, IDEA_BODY, IDEA_TITLE},
        local_time::{format_local, parse_local},
        question_coach::coach,
        BoundedText, EmailAddress, NewPassword, PersonName,
    },
    server::people_import,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (i16, &str)| {
    let (offset, text) = input;

    if let Ok(email) = EmailAddress::parse(text) {
        let again = EmailAddress::parse(email.as_str()).expect("a stored email parses again");
        assert_eq!(again, email);
        assert!(email.as_str().contains('@'));
    }
    if let Ok(name) = PersonName::parse(text) {
        let again = PersonName::parse(name.as_str()).expect("a stored name parses again");
        assert_eq!(again.as_str(), name.as_str());
    }
    let _ = NewPassword::parse(text);
    for rule in [IDEA_TITLE, IDEA_BODY, COMMENT] {
        if let Ok(parsed) = BoundedText::parse(rule, text) {
            assert!(parsed.as_str().chars().count() <= rule.max_chars);
            assert!(!rule.single_line || !parsed.as_str().contains('\n'));
            let again = BoundedText::parse(rule, parsed.as_str()).expect("stored text parses");
            assert_eq!(again.as_str(), parsed.as_str());
        }
    }

    // A time the form sends, with the browser's offset (within a day either way).
    let offset = i64::from(offset) % (24 * 60);
    if let Ok(instant) = parse_local(text, offset, "Closes") {
        let shown = format_local(instant, offset);
        assert_eq!(parse_local(&shown, offset, "Closes").ok(), Some(instant), "{shown}");
    }

    let _ = coach(text);
    let _ = people_import::plan(text, &HashMap::new());
});
