//! Measures the clustering against known labels.
//!
//! ```text
//! cargo run --release -p clustering --bin cluster-eval -- FILE.csv [--resample N]
//! ```
//!
//! FILE.csv is any CSV (RFC 4180) whose header has a `text` and a `label` column; other columns
//! are ignored. The texts are clustered twice, once with k = the number of distinct labels and
//! once with k chosen automatically, and two lines are printed:
//!
//! ```text
//! k_given nmi=0.700 ari=0.330 clusters=77 seconds=0.120
//! k_auto nmi=0.690 ari=0.310 clusters=64 seconds=0.300
//! ```
//!
//! `seconds` is the wall time of the clustering call alone, text processing included.
//! `--resample N` first builds N texts by cycling through the file with small label-preserving
//! variations, to measure speed on more texts than the file has.

use std::{collections::HashMap, process::ExitCode, time::Instant};

use clustering::{
    cluster,
    metrics::{adjusted_rand_index, normalized_mutual_information},
    Options,
};

const USAGE: &str = "usage: cluster-eval FILE.csv [--resample N]";
/// Any fixed seed: the point is that runs are repeatable.
const SEED: u64 = 42;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cluster-eval: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let arguments = Arguments::parse(std::env::args().skip(1))?;
    let contents = std::fs::read_to_string(&arguments.path)
        .map_err(|error| format!("cannot read {}: {error}", arguments.path))?;
    let mut examples =
        labelled_texts(&contents).map_err(|error| format!("{}: {error}", arguments.path))?;
    if let Some(count) = arguments.resample {
        examples = resampled(&examples, count);
    }
    if examples.is_empty() {
        return Err(format!("{}: no rows to cluster", arguments.path));
    }
    let texts: Vec<&str> = examples.iter().map(|(text, _)| text.as_str()).collect();
    let truth = label_numbers(&examples);
    let label_count = truth.iter().max().map_or(0, |&largest| largest + 1);
    for (name, k) in [("k_given", Some(label_count)), ("k_auto", None)] {
        let started = Instant::now();
        let clustering = cluster(&texts, &Options { k, seed: SEED });
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{name} nmi={:.3} ari={:.3} clusters={} seconds={seconds:.3}",
            normalized_mutual_information(&truth, &clustering.assignments),
            adjusted_rand_index(&truth, &clustering.assignments),
            clustering.clusters.len(),
        );
    }
    Ok(())
}

struct Arguments {
    path: String,
    resample: Option<usize>,
}

impl Arguments {
    fn parse(mut arguments: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut path = None;
        let mut resample = None;
        while let Some(argument) = arguments.next() {
            if argument == "--resample" {
                let count = arguments
                    .next()
                    .ok_or_else(|| format!("--resample needs a number\n{USAGE}"))?;
                let count: usize = count.parse().map_err(|_| {
                    format!("--resample needs a whole number, not {count:?}\n{USAGE}")
                })?;
                resample = Some(count);
            } else if argument.starts_with("--") || path.is_some() {
                return Err(format!("unexpected argument {argument:?}\n{USAGE}"));
            } else {
                path = Some(argument);
            }
        }
        let path = path.ok_or_else(|| format!("no CSV file given\n{USAGE}"))?;
        Ok(Self { path, resample })
    }
}

/// The (text, label) pairs of a CSV whose header names a `text` and a `label` column.
fn labelled_texts(contents: &str) -> Result<Vec<(String, String)>, String> {
    let mut records = parse_csv(contents)?.into_iter();
    let (_, header) = records.next().ok_or("the file is empty")?;
    let column = |name: &str| {
        header
            .iter()
            .position(|field| field.trim() == name)
            .ok_or_else(|| format!("the header has no {name:?} column (it has {header:?})"))
    };
    let text_column = column("text")?;
    let label_column = column("label")?;
    records
        .map(
            |(line, fields)| match (fields.get(text_column), fields.get(label_column)) {
                (Some(text), Some(label)) => Ok((text.clone(), label.clone())),
                _ => Err(format!(
                    "line {line}: {} fields, too few for the text and label columns",
                    fields.len()
                )),
            },
        )
        .collect()
}

/// Parses RFC 4180 CSV: fields separated by commas, records by LF or CRLF; a field in double
/// quotes may hold commas, line breaks and doubled quotes (`""` for `"`). Empty lines are
/// skipped. Returns each record with the line it starts on, for error messages. A quote inside
/// an unquoted field, text after a closing quote and an unclosed quote are errors: guessing what
/// was meant would silently shift columns.
fn parse_csv(contents: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let contents = contents.strip_prefix('\u{feff}').unwrap_or(contents);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut characters = contents.chars().peekable();
    // Whether the current field started with a quote, and whether that quote is still open.
    let mut quoted = false;
    let mut in_quotes = false;
    let mut field_started = false;
    while let Some(character) = characters.next() {
        if in_quotes {
            match character {
                '"' if characters.peek() == Some(&'"') => {
                    characters.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match character {
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
                field_started = true;
            }
            '\r' if characters.peek() == Some(&'\n') => {}
            '\n' => {
                if field_started || !field.is_empty() || quoted {
                    fields.push(std::mem::take(&mut field));
                    records.push((record_line, std::mem::take(&mut fields)));
                }
                quoted = false;
                field_started = false;
                line += 1;
                record_line = line;
            }
            '"' if !quoted && field.is_empty() => {
                quoted = true;
                in_quotes = true;
                field_started = true;
            }
            '"' => {
                return Err(format!("line {line}: a quote inside an unquoted field"));
            }
            _ if quoted => {
                return Err(format!(
                    "line {line}: text after the closing quote of a field (a quote inside a \
                     quoted field must be doubled)"
                ));
            }
            other => {
                field.push(other);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err(format!(
            "line {record_line}: a quoted field is never closed"
        ));
    }
    if field_started || !field.is_empty() || quoted {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

/// Labels as numbers 0.., in order of first appearance.
fn label_numbers(examples: &[(String, String)]) -> Vec<usize> {
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    examples
        .iter()
        .map(|(_, label)| {
            let next = numbers.len();
            *numbers.entry(label.as_str()).or_insert(next)
        })
        .collect()
}

/// `count` examples made by cycling through `examples`; the first pass is unchanged, later
/// passes vary each text slightly (and differently per pass) while keeping its label, so the
/// result is not just the same texts repeated.
fn resampled(examples: &[(String, String)], count: usize) -> Vec<(String, String)> {
    if examples.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|index| {
            let (text, label) = &examples[index % examples.len()];
            let pass = index / examples.len();
            let text = if pass == 0 {
                text.clone()
            } else {
                varied(text, index)
            };
            (text, label.clone())
        })
        .collect()
}

/// Words whose loss does not change what a message asks, in the three supported languages.
const DROPPABLE_WORDS: &[&str] = &["a", "the", "my", "i", "is", "de", "la", "el", "het", "een"];
const FILLERS: &[&str] = &["please", "thanks", "asap", "help", "gracias", "bedankt"];

/// One or two light variations of `text`, picked by `variant`: lower-casing, dropping a
/// function word, repeating a word, appending a filler.
fn varied(text: &str, variant: usize) -> String {
    // A cheap integer hash so neighbouring indices get unrelated variations.
    let choice = variant.wrapping_mul(0x9E37_79B9).rotate_right(7);
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if choice & 1 == 1 {
        words
            .iter_mut()
            .for_each(|word| *word = word.to_lowercase());
    }
    if choice & 2 == 2 {
        if let Some(position) = words
            .iter()
            .position(|word| DROPPABLE_WORDS.contains(&word.to_lowercase().as_str()))
        {
            words.remove(position);
        }
    }
    if choice & 4 == 4 && !words.is_empty() {
        let position = (choice >> 3) % words.len();
        let repeated = words[position].clone();
        words.insert(position, repeated);
    }
    if choice & 8 == 8 || words.is_empty() {
        words.push(FILLERS[(choice >> 4) % FILLERS.len()].to_string());
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(contents: &str) -> Vec<Vec<String>> {
        parse_csv(contents)
            .unwrap()
            .into_iter()
            .map(|(_, fields)| fields)
            .collect()
    }

    #[test]
    fn parses_quoted_fields_with_commas_quotes_and_newlines() {
        let parsed =
            fields("label,text\r\na,\"Hello, \"\"world\"\"\"\r\nb,\"two\nlines\"\n\nc,plain\n");
        assert_eq!(
            parsed,
            [
                vec!["label", "text"],
                vec!["a", "Hello, \"world\""],
                vec!["b", "two\nlines"],
                vec!["c", "plain"],
            ]
        );
    }

    #[test]
    fn keeps_empty_fields_and_a_last_line_without_newline() {
        assert_eq!(fields("a,,\"\"\n,x"), [vec!["a", "", ""], vec!["", "x"]]);
    }

    #[test]
    fn reports_line_numbers_of_records() {
        let parsed = parse_csv("h\n\"a\nb\"\nc\n").unwrap();
        let lines: Vec<usize> = parsed.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn rejects_malformed_quoting() {
        for (contents, expected) in [
            ("text,label\n\"open,a\n", "never closed"),
            ("text,label\n\"closed\"x,a\n", "after the closing quote"),
            (
                "text,label\nsay \"hi\",a\n",
                "quote inside an unquoted field",
            ),
        ] {
            let error = parse_csv(contents).unwrap_err();
            assert!(error.contains(expected), "{contents:?}: {error}");
            assert!(error.starts_with("line 2"), "{contents:?}: {error}");
        }
    }

    #[test]
    fn finds_columns_in_any_order_and_ignores_others() {
        let examples =
            labelled_texts("id,label,text\n1,greeting,\"Hi, there\"\n2,farewell,Bye\n").unwrap();
        assert_eq!(
            examples,
            [
                ("Hi, there".to_string(), "greeting".to_string()),
                ("Bye".to_string(), "farewell".to_string()),
            ]
        );
    }

    #[test]
    fn explains_missing_columns_and_short_rows() {
        assert!(labelled_texts("").unwrap_err().contains("empty"));
        assert!(labelled_texts("text,category\nx,y\n")
            .unwrap_err()
            .contains("\"label\""));
        assert!(labelled_texts("text,label\nonly text\n")
            .unwrap_err()
            .contains("line 2"));
    }

    #[test]
    fn parses_arguments() {
        let parse = |arguments: &[&str]| {
            Arguments::parse(arguments.iter().map(|argument| argument.to_string()))
        };
        let parsed = parse(&["data.csv", "--resample", "20000"]).unwrap();
        assert_eq!(
            (parsed.path.as_str(), parsed.resample),
            ("data.csv", Some(20000))
        );
        assert!(parse(&[]).is_err());
        assert!(parse(&["data.csv", "--resample"]).is_err());
        assert!(parse(&["data.csv", "--resample", "many"]).is_err());
        assert!(parse(&["data.csv", "--verbose"]).is_err());
        assert!(parse(&["a.csv", "b.csv"]).is_err());
    }

    #[test]
    fn labels_are_numbered_by_first_appearance() {
        let examples: Vec<(String, String)> = ["b", "a", "b", "c"]
            .iter()
            .map(|label| (String::new(), label.to_string()))
            .collect();
        assert_eq!(label_numbers(&examples), [0, 1, 0, 2]);
    }

    #[test]
    fn resampling_cycles_keeps_labels_and_varies_later_passes() {
        let examples: Vec<(String, String)> =
            [("Where is my card?", "card"), ("Reset the PIN", "pin")]
                .iter()
                .map(|&(text, label)| (text.to_string(), label.to_string()))
                .collect();
        let resampled = resampled(&examples, 9);
        assert_eq!(resampled.len(), 9);
        assert_eq!(resampled[..2], examples[..]);
        for (index, (_, label)) in resampled.iter().enumerate() {
            assert_eq!(label, &examples[index % 2].1);
        }
        assert!(resampled[2..]
            .iter()
            .any(|(text, _)| text != "Where is my card?" && text != "Reset the PIN"));
        assert_eq!(resampled, super::resampled(&examples, 9));
        assert!(super::resampled(&[], 5).is_empty());
    }
}
