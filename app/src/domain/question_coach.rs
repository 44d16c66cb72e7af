//! Coaching for the one-sentence question a leader asks when launching a challenge.
//!
//! Some questions draw many ideas and some draw silence: asking for a complete list, asking two
//! things at once, asking for a yes or a no, or wrapping the question in jargon or a paragraph all
//! cost answers. The coach runs in the browser while the leader types, so it is plain rules over
//! short word lists (no tables, no regular expressions) and speaks English, Spanish and Dutch.

use std::ops::RangeInclusive;

/// The languages the coach knows; anything else is coached with the English rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
    Dutch,
}

/// What makes a question draw few answers, in the order advice is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// Asks for everything, so people wait until they have all of it.
    ExhaustiveList,
    /// Two questions in one split the answers between them.
    SeveralQuestions,
    /// Can be answered with yes or no, which invites a vote rather than ideas.
    YesNo,
    /// Words that much of the organisation will not know.
    Jargon,
    /// Too long to take in at a glance.
    TooLong,
}

/// One concern about a question, explained to the leader in the question's own language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub concern: Concern,
    /// One sentence saying why this costs answers and what to do instead.
    pub reason: String,
    /// The question reworded to avoid the concern, when a rule can do so grammatically.
    pub rewrite: Option<String>,
}

/// Past this many words a question no longer reads at a glance.
const MAX_WORDS: usize = 25;
/// Long words make a question heavy before it reaches `MAX_WORDS`, so characters count too.
const MAX_CHARS: usize = 200;
/// Two jargon words make a pattern worth flagging whatever the question's length...
const MIN_JARGON_WORDS: usize = 2;
/// ...and one is enough when a quarter or more of the words are jargon.
const WORDS_PER_JARGON_WORD: usize = 4;
/// Guards the "what … and how …" rule: with fewer words before "and", as in "what tools and what
/// processes", the two question words usually belong to one question.
const MIN_WORDS_BEFORE_AND: usize = 3;
/// A "¿" or "¡" is strong evidence of Spanish, worth this many cue words.
const INVERTED_MARK_CUES: usize = 2;

/// Word stems of management buzzwords in the three languages, matched at the start of a word so
/// that "synerg" catches synergy, synergies and synergie.
const BUZZWORD_STEMS: &[&str] = &[
    "actionable",
    "accionable",
    "alignment",
    "apalanc",
    "bandwidth",
    "disrupt",
    "ecosistem",
    "ecosystem",
    "ecosysteem",
    "empodera",
    "empower",
    "escalab",
    "holist",
    "holíst",
    "ideation",
    "ideación",
    "ideatie",
    "leverag",
    "mindset",
    "omnicanal",
    "omnichannel",
    "operacionaliz",
    "operationali",
    "paradigm",
    "schaalba",
    "sinerg",
    "stakeholder",
    "synerg",
    "touchpoint",
    "upskill",
];

/// Acronyms everyone in an organisation knows (including Spanish "RRHH", "IA", "UE" and the two
/// halves of "EE. UU."); any other all-capital word of two to five letters counts as jargon.
/// "KPI" and "ROI" are deliberately absent: they are management shorthand many staff don't use.
const COMMON_ACRONYMS: &[&str] = &[
    "AI", "CEO", "CFO", "CTO", "EE", "EU", "HR", "IA", "ICT", "IT", "OK", "PC", "RRHH", "TV", "UE",
    "UK", "US", "USA", "UU",
];

/// Everything the rules need to know about one language.
struct Lexicon {
    /// Frequent words of this language that the other two don't share, for telling them apart.
    cue_words: &'static [&'static str],
    question_words: &'static [&'static str],
    /// The "and" that joins two questions into one sentence.
    and: &'static str,
    /// Verbs that open a yes/no question.
    yes_no_verbs: &'static [&'static str],
    /// How many words in that verb may come: Spanish can put the subject first ("¿La empresa
    /// debería…?"), English and Dutch invert the verb to the front.
    yes_no_verb_reach: usize,
    /// Verbs of "should we …?" that reword into "how could we …?".
    modal_verbs: &'static [&'static str],
    /// The subject those modals need; empty when the verb carries it, as in Spanish.
    we: &'static [&'static str],
    how_could: &'static str,
    /// Verbs that ask for a list when they open a request.
    list_verbs: &'static [&'static str],
    /// Words after which a list verb still opens a request ("can you list", "please name").
    request_openers: &'static [&'static str],
    /// The plural "are" of "what are all the …".
    plural_copula: &'static str,
    quantifiers: &'static [&'static str],
    /// Phrases that ask for a complete list wherever they appear.
    list_phrases: &'static [&'static [&'static str]],
    rewrite_listing: fn(&Question<'_>, Listing) -> Option<String>,
    /// Words this long read as jargon; Dutch writes compounds as one word, so its bar is higher.
    long_word_letters: usize,
    exhaustive_reason: &'static str,
    several_reason: &'static str,
    yes_no_reason: &'static str,
    /// Followed by the offending words.
    jargon_reason: &'static str,
    /// `{words}` is replaced by the word count.
    too_long_reason: &'static str,
}

static ENGLISH: Lexicon = Lexicon {
    cue_words: &[
        "the", "an", "and", "to", "are", "what", "how", "why", "which", "who", "where", "when",
        "our", "you", "your", "could", "would", "should", "for", "with", "that", "this", "do",
        "does", "can", "make", "all", "one", "every", "there", "name", "way", "ways", "it", "on",
        "be", "have", "new", "more",
    ],
    question_words: &[
        "what", "how", "why", "which", "who", "whom", "where", "when",
    ],
    and: "and",
    yes_no_verbs: &[
        "am", "are", "can", "could", "did", "do", "does", "had", "has", "have", "is", "may",
        "might", "must", "shall", "should", "was", "were", "will", "would",
    ],
    yes_no_verb_reach: 1,
    modal_verbs: &["can", "could", "must", "shall", "should", "will", "would"],
    we: &["we"],
    how_could: "how could",
    list_verbs: &[
        "name", "list", "give", "tell", "identify", "mention", "share",
    ],
    request_openers: &["you", "please"],
    plural_copula: "are",
    quantifiers: &["all", "every", "each", "everything"],
    list_phrases: &[
        &["complete", "list"],
        &["full", "list"],
        &["exhaustive", "list"],
        &["list", "of", "all"],
        &["list", "of", "every"],
    ],
    rewrite_listing: rewrite_english_listing,
    long_word_letters: 14,
    exhaustive_reason: "Asking for a complete list makes people wait until they have all of it; \
        ask for one example instead.",
    several_reason: "Two questions in one split the answers between them; ask one question.",
    yes_no_reason: "A yes/no question invites a vote rather than ideas; ask how or what instead.",
    jargon_reason: "Plain words draw more answers; explain or replace: ",
    too_long_reason: "At {words} words the question cannot be taken in at a glance; \
        aim for 20 words or fewer.",
};

static SPANISH: Lexicon = Lexicon {
    cue_words: &[
        "el", "la", "los", "las", "un", "una", "y", "del", "que", "qué", "cómo", "cuál", "cuáles",
        "quién", "dónde", "cuándo", "por", "para", "con", "es", "son", "nuestro", "nuestra",
        "nuestros", "nuestras", "podemos", "se", "lo", "más", "todos", "todas", "cada", "hay",
        "nombra", "mejorar", "equipo", "empresa",
    ],
    question_words: &[
        "qué", "cómo", "cuál", "cuáles", "quién", "quiénes", "dónde", "cuándo", "cuánto", "cuánta",
        "cuántos", "cuántas",
    ],
    and: "y",
    yes_no_verbs: &[
        "es",
        "son",
        "está",
        "están",
        "hay",
        "puede",
        "pueden",
        "podemos",
        "podría",
        "podríamos",
        "podrían",
        "debe",
        "deben",
        "debemos",
        "debería",
        "deberíamos",
        "deberían",
        "tiene",
        "tienen",
        "tenemos",
        "existe",
        "sería",
        "cree",
        "crees",
        "creen",
        "quieres",
        "gustaría",
        "vale",
    ],
    yes_no_verb_reach: 3,
    modal_verbs: &["deberíamos", "podríamos", "podemos", "debemos"],
    we: &[],
    how_could: "cómo podríamos",
    list_verbs: &[
        "nombra", "nombre", "nombrar", "enumera", "enumere", "enumerar", "menciona", "mencione",
        "indica", "indique", "dinos", "dime", "comparte",
    ],
    request_openers: &["puedes", "podrías", "puede", "podría", "favor"],
    plural_copula: "son",
    quantifiers: &["todos", "todas", "todo", "cada"],
    list_phrases: &[
        &["lista", "completa"],
        &["lista", "exhaustiva"],
        &["lista", "de", "todos"],
        &["lista", "de", "todas"],
    ],
    rewrite_listing: rewrite_spanish_listing,
    long_word_letters: 15,
    exhaustive_reason: "Pedir una lista completa hace que la gente espere hasta tenerla entera; \
        pide un solo ejemplo.",
    several_reason: "Dos preguntas en una reparten las respuestas; haz una sola pregunta.",
    yes_no_reason: "Una pregunta de sí o no invita a votar, no a aportar ideas; \
        pregunta cómo o qué.",
    jargon_reason: "Las palabras sencillas atraen más respuestas; explica o cambia: ",
    too_long_reason: "Con {words} palabras la pregunta no se capta de un vistazo; \
        intenta no pasar de 20.",
};

static DUTCH: Lexicon = Lexicon {
    cue_words: &[
        "het", "een", "van", "wat", "hoe", "waarom", "welk", "welke", "wie", "waar", "wanneer",
        "ons", "onze", "jouw", "je", "jij", "zou", "zouden", "kunnen", "kan", "moeten", "moet",
        "voor", "met", "dat", "dit", "niet", "op", "er", "alle", "één", "idee", "noem", "geef",
        "wij", "maken", "zijn", "om", "ook", "bij", "naar", "worden",
    ],
    question_words: &[
        "wat", "hoe", "waarom", "welk", "welke", "wie", "waar", "wanneer", "waarmee", "waardoor",
    ],
    and: "en",
    yes_no_verbs: &[
        "is", "zijn", "ben", "bent", "kan", "kun", "kunnen", "moet", "moeten", "zou", "zouden",
        "zal", "zullen", "heeft", "hebben", "heb", "wil", "willen", "gaat", "gaan", "doen", "doet",
        "mag", "mogen", "vind", "vindt", "vinden", "denk", "denken", "weet", "weten", "wordt",
        "worden", "was", "waren",
    ],
    yes_no_verb_reach: 1,
    modal_verbs: &["moeten", "kunnen", "zullen", "mogen"],
    we: &["we", "wij"],
    how_could: "hoe kunnen",
    list_verbs: &["noem", "benoem", "geef", "vertel", "deel"],
    request_openers: &[],
    plural_copula: "zijn",
    quantifiers: &["alle", "elke", "ieder", "iedere", "alles"],
    list_phrases: &[
        &["volledige", "lijst"],
        &["complete", "lijst"],
        &["lijst", "van", "alle"],
        &["allemaal"],
    ],
    rewrite_listing: rewrite_dutch_listing,
    long_word_letters: 18,
    exhaustive_reason: "Wie om een volledige lijst vraagt, laat mensen wachten tot ze alles \
        hebben; vraag om één voorbeeld.",
    several_reason: "Twee vragen in één verdelen de antwoorden; stel één vraag.",
    yes_no_reason: "Een ja/nee-vraag levert stemmen op in plaats van ideeën; vraag hoe of wat.",
    jargon_reason: "Gewone woorden leveren meer antwoorden op; leg uit of vervang: ",
    too_long_reason: "Met {words} woorden is de vraag niet in één oogopslag te lezen; \
        houd het bij 20 woorden of minder.",
};

/// Guesses the language of a question from its frequent words; ties and unknowns are English.
pub fn detect_language(text: &str) -> Language {
    language_of(text, &split_words(text))
}

/// Everything that will make `question` draw fewer answers than it could, in `Concern` order.
pub fn coach(question: &str) -> Vec<Advice> {
    let question = Question::new(question.trim());
    [
        exhaustive_list(&question),
        several_questions(&question),
        yes_no(&question),
        jargon(&question),
        too_long(&question),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A run of letters in the question.
struct Word {
    /// Byte offsets into the question, so rewrites keep the leader's own text around a change.
    start: usize,
    end: usize,
    lower: String,
}

struct Question<'a> {
    text: &'a str,
    words: Vec<Word>,
    lexicon: &'static Lexicon,
}

/// A request for a list: the verb (or "are") and the quantifier it governs, as word indices.
struct Listing {
    cue: usize,
    quantifier: usize,
}

impl<'a> Question<'a> {
    fn new(text: &'a str) -> Self {
        let words = split_words(text);
        let lexicon = match language_of(text, &words) {
            Language::English => &ENGLISH,
            Language::Spanish => &SPANISH,
            Language::Dutch => &DUTCH,
        };
        Self {
            text,
            words,
            lexicon,
        }
    }

    /// The lower-cased word at `index`, or "" past the end so lookups need no bounds checks.
    fn lower(&self, index: usize) -> &str {
        self.words.get(index).map_or("", |word| word.lower.as_str())
    }

    fn original(&self, index: usize) -> &'a str {
        self.words
            .get(index)
            .map_or("", |word| &self.text[word.start..word.end])
    }

    fn word_in(&self, index: usize, list: &[&str]) -> bool {
        list.contains(&self.lower(index))
    }

    fn contains_phrase(&self, phrase: &[&str]) -> bool {
        self.words.windows(phrase.len()).any(|window| {
            window
                .iter()
                .zip(phrase)
                .all(|(word, expected)| word.lower == *expected)
        })
    }

    fn starts_sentence(&self, index: usize) -> bool {
        let before = self.text[..self.words[index].start].trim_end();
        before
            .chars()
            .next_back()
            .is_none_or(|mark| ".!?:;¿¡".contains(mark))
    }

    /// Whether the word at `index` asks for a list: a list verb opening a request ("Name …",
    /// "Can you list …") or the "are" of "what are …".
    fn asks_for_list(&self, index: usize) -> bool {
        let lexicon = self.lexicon;
        let previous = index.checked_sub(1);
        if self.word_in(index, lexicon.list_verbs) {
            self.starts_sentence(index)
                || previous.is_some_and(|at| self.word_in(at, lexicon.request_openers))
        } else {
            self.lower(index) == lexicon.plural_copula
                && previous.is_some_and(|at| self.word_in(at, lexicon.question_words))
        }
    }

    /// The question with each range of words replaced, keeping the text between them as typed.
    /// Ranges must be in order and not overlap.
    fn replace(&self, replacements: &[(RangeInclusive<usize>, &str)]) -> String {
        let mut rewritten = String::with_capacity(self.text.len());
        let mut copied_up_to = 0;
        for (range, replacement) in replacements {
            let first = &self.words[*range.start()];
            rewritten.push_str(&self.text[copied_up_to..first.start]);
            rewritten.push_str(&match_case(&self.text[first.start..first.end], replacement));
            copied_up_to = self.words[*range.end()].end;
        }
        rewritten.push_str(&self.text[copied_up_to..]);
        rewritten
    }
}

fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word_start = None;
    // A trailing space closes a word that runs to the end of the text.
    for (index, character) in text.char_indices().chain([(text.len(), ' ')]) {
        match (character.is_alphabetic(), word_start) {
            (true, None) => word_start = Some(index),
            (false, Some(start)) => {
                words.push(Word {
                    start,
                    end: index,
                    lower: text[start..index].to_lowercase(),
                });
                word_start = None;
            }
            _ => {}
        }
    }
    words
}

fn language_of(text: &str, words: &[Word]) -> Language {
    let cues = |lexicon: &Lexicon| {
        words
            .iter()
            .filter(|word| lexicon.cue_words.contains(&word.lower.as_str()))
            .count()
    };
    let inverted_marks = if text.contains(['¿', '¡']) {
        INVERTED_MARK_CUES
    } else {
        0
    };
    let mut best = (Language::English, cues(&ENGLISH));
    for (language, score) in [
        (Language::Spanish, cues(&SPANISH) + inverted_marks),
        (Language::Dutch, cues(&DUTCH)),
    ] {
        if score > best.1 {
            best = (language, score);
        }
    }
    best.0
}

/// `replacement`, capitalised when the text it replaces was, so a rewritten opening still starts
/// with a capital.
fn match_case(original: &str, replacement: &str) -> String {
    let mut rest = replacement.chars();
    match (original.chars().next(), rest.next()) {
        (Some(initial), Some(first)) if initial.is_uppercase() => {
            first.to_uppercase().chain(rest).collect()
        }
        _ => replacement.to_string(),
    }
}

fn exhaustive_list(question: &Question<'_>) -> Option<Advice> {
    let lexicon = question.lexicon;
    let rewrite = if lexicon
        .list_phrases
        .iter()
        .any(|phrase| question.contains_phrase(phrase))
    {
        None
    } else {
        (lexicon.rewrite_listing)(question, find_listing(question)?)
    };
    Some(Advice {
        concern: Concern::ExhaustiveList,
        reason: lexicon.exhaustive_reason.to_string(),
        rewrite,
    })
}

/// "All", "every" and "each" only ask for a list when a listing request governs them: "Name all
/// competitors" does, "How might we make every new hire feel welcome?" does not. So a quantifier
/// counts only when one of the two words before it asks for a list ("Name all", "Tell us every",
/// "What are all").
fn find_listing(question: &Question<'_>) -> Option<Listing> {
    (0..question.words.len())
        .filter(|&index| question.word_in(index, question.lexicon.quantifiers))
        .find_map(|quantifier| {
            (quantifier.saturating_sub(2)..quantifier)
                .rev()
                .find(|&cue| question.asks_for_list(cue))
                .map(|cue| Listing { cue, quantifier })
        })
}

/// "Name all competitors we face" → "Name a competitor we face";
/// "What are all the ways …" → "What is one way …".
fn rewrite_english_listing(question: &Question<'_>, listing: Listing) -> Option<String> {
    let Listing { cue, quantifier } = listing;
    let cue_text = match question.lower(cue) {
        "list" => "name",
        "are" => "is",
        verb => verb,
    };
    // "One" after "is", and before vowels so no "a"/"an" guess is needed ("a user", "an idea").
    let article = |index: usize| {
        if cue_text == "is" || question.lower(index).starts_with(['a', 'e', 'i', 'o', 'u']) {
            "one"
        } else {
            "a"
        }
    };
    let next = quantifier + 1;
    let (last, phrase) = match question.lower(quantifier) {
        "everything" => (quantifier, "one thing".to_string()),
        _ if question.word_in(next, &["of"]) => (quantifier, "one".to_string()),
        "all" if question.word_in(next, &["our", "your", "their", "my"]) => {
            (quantifier, "one of".to_string())
        }
        "all" => {
            let first = if question.word_in(next, &["the"]) {
                next + 1
            } else {
                next
            };
            // The noun is the first plural among the next few words: "all possible risks".
            let (noun, singular) = (first..question.words.len())
                .take(3)
                .find_map(|index| english_singular(question.original(index)).map(|s| (index, s)))?;
            let adjectives =
                &question.text[question.words[first].start..question.words[noun].start];
            (noun, format!("{} {adjectives}{singular}", article(first)))
        }
        _ => (quantifier, article(next).to_string()),
    };
    Some(question.replace(&[(cue..=cue, cue_text), (quantifier..=last, &phrase)]))
}

/// Spanish nouns and adjectives agree in number, so rather than make everything singular the
/// rewrite picks one out of the group: "Nombra todos los competidores" → "Nombra uno de los
/// competidores".
fn rewrite_spanish_listing(question: &Question<'_>, listing: Listing) -> Option<String> {
    let Listing { cue, quantifier } = listing;
    let previous = cue.saturating_sub(1);
    let (cue_words, cue_text) = match question.lower(cue) {
        "son" if question.lower(previous) == "cuáles" => (previous..=cue, "cuál es"),
        "son" => (cue..=cue, "es"),
        "enumera" => (cue..=cue, "nombra"),
        "enumere" => (cue..=cue, "nombre"),
        "enumerar" => (cue..=cue, "nombrar"),
        verb => (cue..=cue, verb),
    };
    let plural_determiners = [
        "los", "las", "nuestros", "nuestras", "sus", "tus", "vuestros", "vuestras",
    ];
    let next = quantifier + 1;
    let (last, phrase) = match (question.lower(quantifier), question.lower(next)) {
        ("todos", determiner) if plural_determiners.contains(&determiner) => (quantifier, "uno de"),
        ("todas", determiner) if plural_determiners.contains(&determiner) => (quantifier, "una de"),
        // "cada uno de los riesgos" → "uno de los riesgos"
        ("cada", one @ ("uno" | "una")) if question.lower(next + 1) == "de" => (next, one),
        _ => return None,
    };
    Some(question.replace(&[(cue_words, cue_text), (quantifier..=last, phrase)]))
}

/// "Noem alle concurrenten" → "Noem één concurrent". Gives up when an adjective follows "alle",
/// since it would have to change with the noun's gender.
fn rewrite_dutch_listing(question: &Question<'_>, listing: Listing) -> Option<String> {
    let Listing { cue, quantifier } = listing;
    let cue_text = match question.lower(cue) {
        "zijn" => "is",
        verb => verb,
    };
    let (last, phrase) = match question.lower(quantifier) {
        "elke" | "ieder" | "iedere" => (quantifier, "één".to_string()),
        "alle" => {
            let noun = quantifier + 1;
            if question.lower(noun).ends_with('e') {
                return None;
            }
            (
                noun,
                format!("één {}", dutch_singular(question.lower(noun))?),
            )
        }
        _ => return None,
    };
    Some(question.replace(&[(cue..=cue, cue_text), (quantifier..=last, &phrase)]))
}

/// The singular of a regular English plural, or `None` when the word doesn't look plural.
fn english_singular(word: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so suffix lengths apply to `word` too.
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3
        || !lower.ends_with('s')
        || ["ss", "us", "is"].iter().any(|end| lower.ends_with(end))
    {
        return None;
    }
    let singular = if lower.len() > 4 && lower.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        word[..word.len() - 2].to_string()
    } else {
        word[..word.len() - 1].to_string()
    };
    Some(singular)
}

/// The singular of a regular Dutch plural, or `None` when the word doesn't look plural.
fn dutch_singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("heden") {
        return Some(format!("{stem}heid"));
    }
    if let Some(stem) = plural.strip_suffix("ën") {
        return Some(stem.to_string());
    }
    if let Some(stem) = plural.strip_suffix("en") {
        return dutch_singular_of_stem(stem);
    }
    let stem = plural.strip_suffix('s')?;
    (stem.chars().count() >= 2 && !stem.ends_with('s')).then(|| stem.to_string())
}

/// Undoes Dutch spelling rules for a plural that lost its "-en": "stappen" → "stap", "huizen"
/// → "huis", "brieven" → "brief", "problemen" → "probleem".
fn dutch_singular_of_stem(stem: &str) -> Option<String> {
    let is_vowel = |letter: char| "aeiou".contains(letter);
    let mut letters: Vec<char> = stem.chars().collect();
    let [.., before, last] = letters[..] else {
        return None;
    };
    if last == before && !is_vowel(last) {
        letters.pop();
        return Some(letters.into_iter().collect());
    }
    let length = letters.len();
    letters[length - 1] = match last {
        'z' => 's',
        'v' => 'f',
        unchanged => unchanged,
    };
    // A single vowel in an open syllable is long; closed, it needs doubling to stay long.
    let after_consonant = length < 3 || !is_vowel(letters[length - 3]);
    if !is_vowel(last) && "aeou".contains(before) && after_consonant {
        letters.insert(length - 1, before);
    }
    Some(letters.into_iter().collect())
}

fn several_questions(question: &Question<'_>) -> Option<Advice> {
    let rewrite =
        first_of_question_marks(question.text).or_else(|| first_of_joined_questions(question))?;
    Some(Advice {
        concern: Concern::SeveralQuestions,
        reason: question.lexicon.several_reason.to_string(),
        rewrite: Some(rewrite),
    })
}

/// The first question, when two or more "?" each close some words ("??" counts once).
fn first_of_question_marks(text: &str) -> Option<String> {
    let mut question_ends = text
        .split_inclusive('?')
        .scan(0, |offset, piece| {
            *offset += piece.len();
            Some((*offset, piece))
        })
        .filter(|(_, piece)| piece.ends_with('?') && piece.chars().any(char::is_alphabetic))
        .map(|(end, _)| end);
    let first_end = question_ends.next()?;
    question_ends.next()?;
    Some(text[..first_end].trim().to_string())
}

/// The first question, when "and" joins two clauses that each have a question word, the second
/// right after "and" or one short word later ("y por qué", "and in which").
fn first_of_joined_questions(question: &Question<'_>) -> Option<String> {
    let lexicon = question.lexicon;
    let is_question_word = |index: usize| question.word_in(index, lexicon.question_words);
    let and = (MIN_WORDS_BEFORE_AND..question.words.len()).find(|&index| {
        question.lower(index) == lexicon.and
            && (is_question_word(index + 1)
                || (question.lower(index + 1).chars().count() <= 4 && is_question_word(index + 2)))
            && (0..index).any(is_question_word)
    })?;
    let first = question.text[..question.words[and].start]
        .trim_end_matches(|character: char| character == ',' || character.is_whitespace());
    Some(format!("{first}?"))
}

fn yes_no(question: &Question<'_>) -> Option<Advice> {
    let lexicon = question.lexicon;
    let is_one_of = |index: usize, list: &[&str]| {
        list.iter()
            .any(|entry| same_ignoring_accents(question.lower(index), entry))
    };
    let verb =
        (0..lexicon.yes_no_verb_reach).find(|&index| is_one_of(index, lexicon.yes_no_verbs))?;
    // "¿Por qué deberíamos…?" and "¿En qué podemos…?" ask for content, not a yes or a no.
    if (0..verb).any(|index| is_one_of(index, lexicon.question_words)) {
        return None;
    }
    let asks_should_we = verb == 0
        && is_one_of(0, lexicon.modal_verbs)
        && (lexicon.we.is_empty() || question.word_in(1, lexicon.we));
    Some(Advice {
        concern: Concern::YesNo,
        reason: lexicon.yes_no_reason.to_string(),
        rewrite: asks_should_we.then(|| question.replace(&[(0..=0, lexicon.how_could)])),
    })
}

/// Spanish typed in a hurry drops accents ("deberiamos", "que"), so the yes/no check ignores them.
fn same_ignoring_accents(typed: &str, expected: &str) -> bool {
    let without_accent = |letter: char| match letter {
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' => 'u',
        other => other,
    };
    typed
        .chars()
        .map(without_accent)
        .eq(expected.chars().map(without_accent))
}

fn jargon(question: &Question<'_>) -> Option<Advice> {
    // Typed all in capitals every word looks like an acronym, so then acronyms don't count.
    let acronyms_stand_out = question.text.chars().any(char::is_lowercase);
    let mut flagged: Vec<usize> = Vec::new();
    for (index, word) in question.words.iter().enumerate() {
        let is_jargon = word.lower.chars().count() >= question.lexicon.long_word_letters
            || (acronyms_stand_out && is_uncommon_acronym(question.original(index)))
            || BUZZWORD_STEMS
                .iter()
                .any(|stem| word.lower.starts_with(stem));
        if is_jargon
            && !flagged
                .iter()
                .any(|&seen| question.words[seen].lower == word.lower)
        {
            flagged.push(index);
        }
    }
    let is_pattern = flagged.len() >= MIN_JARGON_WORDS
        || (!flagged.is_empty() && flagged.len() * WORDS_PER_JARGON_WORD >= question.words.len());
    is_pattern.then(|| {
        let named: Vec<&str> = flagged
            .iter()
            .map(|&index| question.original(index))
            .collect();
        Advice {
            concern: Concern::Jargon,
            reason: format!("{}{}.", question.lexicon.jargon_reason, named.join(", ")),
            rewrite: None,
        }
    })
}

fn is_uncommon_acronym(word: &str) -> bool {
    // A plural "s" ("KPIs") still leaves an acronym.
    let letters = word.strip_suffix('s').unwrap_or(word);
    (2..=5).contains(&letters.chars().count())
        && letters.chars().all(char::is_uppercase)
        && !COMMON_ACRONYMS.contains(&letters)
}

fn too_long(question: &Question<'_>) -> Option<Advice> {
    // Counted as people count them: "four-day" is one word, a lone "–" is none.
    let word_count = question
        .text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count();
    (word_count > MAX_WORDS || question.text.chars().count() > MAX_CHARS).then(|| Advice {
        concern: Concern::TooLong,
        reason: question
            .lexicon
            .too_long_reason
            .replace("{words}", &word_count.to_string()),
        rewrite: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concerns(question: &str) -> Vec<Concern> {
        coach(question)
            .iter()
            .map(|advice| advice.concern)
            .collect()
    }

    /// The rewrite for the only advice given, checking there is exactly one.
    fn only_rewrite(question: &str, concern: Concern) -> Option<String> {
        let advice = coach(question);
        assert_eq!(advice.len(), 1, "{question}: {advice:?}");
        assert_eq!(advice[0].concern, concern, "{question}");
        advice[0].rewrite.clone()
    }

    #[test]
    fn good_questions_get_no_advice() {
        for question in [
            "What is one thing that would make your work easier?",
            "¿Qué idea mejoraría la incorporación de nuevos empleados?",
            "Welk idee zou jouw werkdag makkelijker maken?",
            "How might we make every new hire feel welcome?",
            "How could HR and IT help new hires settle in?",
            "Hoe verbeteren we de klanttevredenheid?",
            "¿En qué podemos mejorar la atención al cliente?",
            "¿Que podemos hacer para ahorrar energía?",
        ] {
            assert_eq!(coach(question), Vec::new(), "{question}");
        }
    }

    #[test]
    fn empty_input_gets_no_advice() {
        assert!(coach("").is_empty());
        assert!(coach("   \n\t ").is_empty());
        assert!(coach("??").is_empty());
    }

    #[test]
    fn languages_are_detected() {
        assert_eq!(
            detect_language("What would make your work easier?"),
            Language::English
        );
        assert_eq!(
            detect_language("¿Qué idea mejoraría la incorporación de nuevos empleados?"),
            Language::Spanish
        );
        assert_eq!(
            detect_language("Welk idee zou jouw werkdag makkelijker maken?"),
            Language::Dutch
        );
        assert_eq!(detect_language("Noem alle concurrenten"), Language::Dutch);
        assert_eq!(
            detect_language("Nombra todos los competidores"),
            Language::Spanish
        );
    }

    #[test]
    fn unknown_text_defaults_to_english() {
        assert_eq!(detect_language(""), Language::English);
        assert_eq!(detect_language("Brexit?"), Language::English);
    }

    #[test]
    fn english_name_all_becomes_name_a() {
        assert_eq!(
            only_rewrite("Name all competitors we face", Concern::ExhaustiveList).as_deref(),
            Some("Name a competitor we face")
        );
    }

    #[test]
    fn english_what_are_all_becomes_what_is_one() {
        assert_eq!(
            only_rewrite(
                "What are all the ways we could cut costs?",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("What is one way we could cut costs?")
        );
        assert_eq!(
            only_rewrite(
                "What are all of the ways we could cut costs?",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("What is one of the ways we could cut costs?")
        );
    }

    #[test]
    fn english_list_all_becomes_name_one() {
        assert_eq!(
            only_rewrite(
                "List all the tools you use every day.",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Name a tool you use every day.")
        );
        assert_eq!(
            only_rewrite("List all possible improvements.", Concern::ExhaustiveList).as_deref(),
            Some("Name a possible improvement.")
        );
        assert_eq!(
            only_rewrite("Please list all unused licences.", Concern::ExhaustiveList).as_deref(),
            Some("Please name one unused licence.")
        );
    }

    #[test]
    fn english_every_each_and_everything_become_one() {
        assert_eq!(
            only_rewrite(
                "Tell us everything that slows you down",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Tell us one thing that slows you down")
        );
        assert_eq!(
            only_rewrite("Name each of the risks we face", Concern::ExhaustiveList).as_deref(),
            Some("Name one of the risks we face")
        );
        assert_eq!(
            only_rewrite(
                "Share all your ideas for the office",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Share one of your ideas for the office")
        );
    }

    #[test]
    fn english_complete_list_is_flagged_without_rewrite() {
        assert_eq!(
            only_rewrite(
                "Give us a complete list of the risks we face",
                Concern::ExhaustiveList
            ),
            None
        );
    }

    #[test]
    fn list_verbs_inside_a_sentence_do_not_ask_for_lists() {
        assert!(coach("What would give all teams more time?").is_empty());
        assert!(coach("How can we share all our knowledge across sites?").is_empty());
    }

    #[test]
    fn spanish_todos_los_becomes_uno_de_los() {
        assert_eq!(
            only_rewrite(
                "Nombra todos los competidores que enfrentamos",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Nombra uno de los competidores que enfrentamos")
        );
        assert_eq!(
            only_rewrite(
                "¿Cuáles son todas las formas de reducir costes?",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("¿Cuál es una de las formas de reducir costes?")
        );
        assert_eq!(
            only_rewrite(
                "Enumera cada uno de los riesgos del proyecto",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Nombra uno de los riesgos del proyecto")
        );
    }

    #[test]
    fn spanish_complete_list_is_flagged_without_rewrite() {
        assert_eq!(
            only_rewrite(
                "Queremos una lista completa de los riesgos del proyecto",
                Concern::ExhaustiveList
            ),
            None
        );
    }

    #[test]
    fn dutch_alle_becomes_een_singular() {
        assert_eq!(
            only_rewrite("Noem alle concurrenten", Concern::ExhaustiveList).as_deref(),
            Some("Noem één concurrent")
        );
        assert_eq!(
            only_rewrite(
                "Wat zijn alle manieren om kosten te besparen?",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Wat is één manier om kosten te besparen?")
        );
        assert_eq!(
            only_rewrite(
                "Noem alle problemen met de planning",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Noem één probleem met de planning")
        );
        assert_eq!(
            only_rewrite(
                "Geef ons alle ideeën voor de kantine",
                Concern::ExhaustiveList
            )
            .as_deref(),
            Some("Geef ons één idee voor de kantine")
        );
    }

    #[test]
    fn dutch_allemaal_and_adjectives_are_flagged_without_rewrite() {
        assert_eq!(
            only_rewrite("Welke ideeën heb je allemaal?", Concern::ExhaustiveList),
            None
        );
        assert_eq!(
            only_rewrite("Noem alle nieuwe ideeën", Concern::ExhaustiveList),
            None
        );
    }

    #[test]
    fn english_several_questions_keep_the_first() {
        assert_eq!(
            only_rewrite(
                "What slows you down and how could we fix it?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("What slows you down?")
        );
        assert_eq!(
            only_rewrite(
                "What slows you down? What would help?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("What slows you down?")
        );
    }

    #[test]
    fn one_question_with_two_question_words_is_one_question() {
        assert!(coach("What tools and what processes slow you down?").is_empty());
        assert!(coach("What slows you down??").is_empty());
    }

    #[test]
    fn spanish_several_questions_keep_the_first() {
        assert_eq!(
            only_rewrite(
                "¿Qué te frena y cómo podríamos arreglarlo?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("¿Qué te frena?")
        );
        assert_eq!(
            only_rewrite(
                "¿Qué cambiarías en la oficina y por qué?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("¿Qué cambiarías en la oficina?")
        );
        assert_eq!(
            only_rewrite(
                "¿Qué te frena? ¿Cómo lo arreglamos?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("¿Qué te frena?")
        );
    }

    #[test]
    fn dutch_several_questions_keep_the_first() {
        assert_eq!(
            only_rewrite(
                "Wat houdt je tegen en hoe kunnen we dat oplossen?",
                Concern::SeveralQuestions
            )
            .as_deref(),
            Some("Wat houdt je tegen?")
        );
    }

    #[test]
    fn english_should_we_becomes_how_could_we() {
        assert_eq!(
            only_rewrite("Should we introduce a four-day week?", Concern::YesNo).as_deref(),
            Some("How could we introduce a four-day week?")
        );
        assert_eq!(
            only_rewrite("Do you like the new office?", Concern::YesNo),
            None
        );
    }

    #[test]
    fn spanish_deberiamos_becomes_como_podriamos() {
        assert_eq!(
            only_rewrite(
                "¿Deberíamos introducir la semana de cuatro días?",
                Concern::YesNo
            )
            .as_deref(),
            Some("¿Cómo podríamos introducir la semana de cuatro días?")
        );
        assert_eq!(
            only_rewrite("¿Deberiamos cambiar el horario?", Concern::YesNo).as_deref(),
            Some("¿Cómo podríamos cambiar el horario?")
        );
    }

    #[test]
    fn spanish_yes_no_with_subject_first_is_flagged() {
        assert_eq!(
            only_rewrite("¿La empresa debería ofrecer comida sana?", Concern::YesNo),
            None
        );
        assert_eq!(
            only_rewrite("¿Hay demasiadas reuniones?", Concern::YesNo),
            None
        );
    }

    #[test]
    fn dutch_moeten_we_becomes_hoe_kunnen_we() {
        assert_eq!(
            only_rewrite(
                "Moeten we een vierdaagse werkweek invoeren?",
                Concern::YesNo
            )
            .as_deref(),
            Some("Hoe kunnen we een vierdaagse werkweek invoeren?")
        );
        assert_eq!(
            only_rewrite("Is de nieuwe kantine een succes?", Concern::YesNo),
            None
        );
    }

    #[test]
    fn english_jargon_names_the_words() {
        let advice = coach("How can we leverage synergy across business units?");
        assert_eq!(advice.len(), 1);
        assert_eq!(advice[0].concern, Concern::Jargon);
        assert_eq!(
            advice[0].reason,
            "Plain words draw more answers; explain or replace: leverage, synergy."
        );
        assert_eq!(advice[0].rewrite, None);
    }

    #[test]
    fn english_acronyms_and_long_words_are_jargon() {
        assert_eq!(
            concerns("What would lift our NPS and CSAT scores?"),
            [Concern::Jargon]
        );
        assert_eq!(
            concerns("What makes interdepartmental standardisation difficult?"),
            [Concern::Jargon]
        );
        assert!(coach("WHAT SLOWS YOU DOWN?").is_empty());
    }

    #[test]
    fn one_jargon_word_counts_only_in_a_short_question() {
        assert_eq!(concerns("Ideas on KPIs?"), [Concern::Jargon]);
        assert!(coach("What is one thing that would lift our KPI this year?").is_empty());
    }

    #[test]
    fn spanish_jargon_names_the_words() {
        let advice = coach("¿Cómo podemos apalancar la sinergia entre equipos?");
        assert_eq!(advice.len(), 1);
        assert_eq!(
            advice[0].reason,
            "Las palabras sencillas atraen más respuestas; explica o cambia: apalancar, sinergia."
        );
    }

    #[test]
    fn dutch_jargon_names_the_words() {
        let advice = coach("Hoe creëren we synergie met een holistische aanpak?");
        assert_eq!(advice.len(), 1);
        assert_eq!(
            advice[0].reason,
            "Gewone woorden leveren meer antwoorden op; leg uit of vervang: synergie, holistische."
        );
    }

    #[test]
    fn long_questions_say_how_many_words() {
        let english = "What is one small change that would make the weekly planning meeting \
            shorter, clearer and more useful for everyone in the team, including people who \
            join remotely from other offices?";
        let advice = coach(english);
        assert_eq!(concerns(english), [Concern::TooLong]);
        assert!(advice[0].reason.starts_with("At 30 words"), "{advice:?}");

        let spanish = "¿Qué pequeño cambio haría que la reunión semanal de planificación fuera \
            más corta, más clara y más útil para todas las personas del equipo, incluidas las \
            que se conectan desde otras oficinas?";
        let advice = coach(spanish);
        assert_eq!(concerns(spanish), [Concern::TooLong]);
        assert!(
            advice[0].reason.starts_with("Con 32 palabras"),
            "{advice:?}"
        );

        let dutch = "Welke kleine verandering zou het wekelijkse planningsoverleg korter, \
            duidelijker en nuttiger maken voor iedereen in het team, ook voor de collega's die \
            vanaf een ander kantoor inbellen?";
        let advice = coach(dutch);
        assert_eq!(concerns(dutch), [Concern::TooLong]);
        assert!(advice[0].reason.starts_with("Met 27 woorden"), "{advice:?}");
    }

    #[test]
    fn several_concerns_come_in_enum_order() {
        let advice = coach("Should we leverage synergy across all regions?");
        assert_eq!(
            advice.iter().map(|a| a.concern).collect::<Vec<_>>(),
            [Concern::YesNo, Concern::Jargon]
        );
        assert_eq!(
            advice[0].rewrite.as_deref(),
            Some("How could we leverage synergy across all regions?")
        );

        let advice =
            coach("What are all the ways we could cut costs? And how should we measure them?");
        assert_eq!(
            advice.iter().map(|a| a.concern).collect::<Vec<_>>(),
            [Concern::ExhaustiveList, Concern::SeveralQuestions]
        );
        assert_eq!(
            advice[1].rewrite.as_deref(),
            Some("What are all the ways we could cut costs?")
        );
    }

    #[test]
    fn reasons_follow_the_question_language() {
        assert_eq!(
            coach("¿Hay demasiadas reuniones?")[0].reason,
            SPANISH.yes_no_reason
        );
        assert_eq!(
            coach("Noem alle concurrenten")[0].reason,
            DUTCH.exhaustive_reason
        );
        assert_eq!(
            coach("Name all competitors we face")[0].reason,
            "Asking for a complete list makes people wait until they have all of it; \
             ask for one example instead."
        );
    }
}
