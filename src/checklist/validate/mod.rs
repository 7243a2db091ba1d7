//! Every rule of the checklist format, each broken one reported where it is.
//!
//! serde has already checked key names and types (`raw`); what is left are
//! the rules about values: unique ids, answers that exist, `show_if` naming an
//! earlier question, results in descending order ending at 0, a dealbreaker
//! result when an answer is a dealbreaker, and a maximum score above 0. All of
//! them are checked, so a file with three mistakes gets three messages.

mod question;
mod sending;

use super::raw::{RawChecklist, RawQuestion, RawSection};
use super::{Band, Checklist, Question, Section};
use crate::content::front_matter::FrontMatter;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::yaml::Positions;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The most points a scale may have: more would not fit on a phone.
const MAX_SCALE_POINTS: i64 = 21;
/// The largest weight or score: far above any real checklist, and small enough
/// that no sum overflows here or loses precision in the page's script.
const MAX_NUMBER: i64 = 1_000_000;
/// The field names sent answers use besides the questions' own (the
/// contract's list), which no question may take.
const RESERVED_IDS: [&str; 12] = [
    "checklist",
    "language",
    "link",
    "score",
    "max",
    "percent",
    "result",
    "result_title",
    "flag",
    "name",
    "email",
    "message",
];

/// Reads and checks the checklist in `text` (the file at `path`); `file_id` is
/// the file's name without extension and language suffix. Also returns what
/// the file says about its page (title, slug, weight, draft…), as an article's
/// front matter would.
pub fn load(
    text: &str,
    path: &Path,
    file_id: &str,
) -> Result<(Checklist, FrontMatter), Vec<Diagnostic>> {
    let raw: RawChecklist = crate::yaml::parse(text, path, 1).map_err(|d| vec![d])?;
    let front = FrontMatter {
        title: Some(raw.title.clone()),
        summary: raw.summary.clone(),
        date: raw.date,
        updated: raw.updated,
        weight: raw.weight,
        tags: raw.tags.clone(),
        draft: raw.draft,
        slug: raw.slug.clone(),
        aliases: raw.aliases.clone(),
        unlisted: raw.unlisted,
        ..FrontMatter::default()
    };
    let mut check = Check {
        path,
        text,
        positions: None,
        problems: Vec::new(),
    };
    let checklist = check.checklist(raw, file_id);
    if check.problems.is_empty() {
        Ok((checklist, front))
    } else {
        Err(check.problems)
    }
}

/// The checks of one file, with the problems found so far.
struct Check<'a> {
    path: &'a Path,
    text: &'a str,
    /// Built on the first problem: a valid file needs no positions.
    positions: Option<Positions>,
    problems: Vec<Diagnostic>,
}

/// A section as written, before it is checked: where it is in the file
/// (`sections[1]`, or `""` for the unnamed section of a checklist that lists
/// its questions alone), its id, title and questions.
struct Listed {
    at: String,
    id: String,
    title: String,
    questions: Vec<RawQuestion>,
}

impl Check<'_> {
    /// Reports `message` at the value at `at` (a YAML path such as
    /// `sections[1].questions[0].id`), or at the nearest enclosing value.
    fn error(&mut self, at: &str, message: impl Into<String>) -> &mut Diagnostic {
        let positions = self
            .positions
            .get_or_insert_with(|| Positions::of(self.text, 1));
        let mut path = at;
        let (line, column) = loop {
            if let Some(position) = positions.get(path) {
                break position;
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => break (1, 1),
            }
        };
        self.problems
            .push(Diagnostic::error(self.path, line, column, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn checklist(&mut self, raw: RawChecklist, file_id: &str) -> Checklist {
        let has_sections = raw.sections.is_some();
        let sections = self.section_list(raw.sections, raw.questions);

        // A question with a mistake may lose answers; its section's maximum then
        // says nothing new, so the "maximum is 0" checks wait for clean questions.
        let problems_before = self.problems.len();
        let mut seen_sections = HashSet::new();
        let mut asked: HashMap<String, Vec<String>> = HashMap::new();
        let mut model_sections = Vec::new();
        for listed in sections {
            let section = self.section(listed, &mut seen_sections, &mut asked);
            model_sections.push(section);
        }
        if self.problems.len() == problems_before {
            self.maximum(&model_sections, has_sections);
        }
        let results = self.results(raw.results);
        self.dealbreaker_result(raw.dealbreaker_result.as_deref(), &results, &model_sections);

        if let Some(send_to) = &raw.send_to {
            self.send_to(send_to);
        }
        let contact = self.contact(raw.contact, raw.audience);
        let id = raw.id.unwrap_or_else(|| file_id.to_string());
        if id.is_empty() {
            self.error("id", "a checklist's `id:` cannot be empty");
        }
        Checklist {
            id,
            title: raw.title,
            summary: raw.summary,
            intro: raw.intro,
            audience: raw.audience,
            send_to: raw.send_to,
            contact,
            sections: model_sections,
            has_sections,
            results,
            dealbreaker_result: raw.dealbreaker_result,
        }
    }

    /// The sections as written (`sections:`), or the one unnamed section of
    /// a checklist that lists its `questions:` alone: where each is, its id,
    /// title and questions.
    fn section_list(
        &mut self,
        sections: Option<Vec<RawSection>>,
        questions: Option<Vec<RawQuestion>>,
    ) -> Vec<Listed> {
        match (sections, questions) {
            (Some(_), Some(_)) => {
                self.error(
                    "questions",
                    "a checklist has either `sections:` or `questions:`, not both",
                )
                .hint = Some("put these questions into one of the sections".into());
                Vec::new()
            }
            (None, None) => {
                self.error("title", "this checklist has no questions").hint =
                    Some("add `sections:` (each with `questions:`), or `questions:`".into());
                Vec::new()
            }
            (Some(sections), None) => sections
                .into_iter()
                .enumerate()
                .map(|(i, s)| Listed {
                    at: format!("sections[{i}]"),
                    id: s.id,
                    title: s.title,
                    questions: s.questions,
                })
                .collect(),
            (None, Some(questions)) => vec![Listed {
                at: String::new(),
                id: String::new(),
                title: String::new(),
                questions,
            }],
        }
    }

    /// One section, with its questions; `seen` holds the ids of those before.
    fn section(
        &mut self,
        listed: Listed,
        seen: &mut HashSet<String>,
        asked: &mut HashMap<String, Vec<String>>,
    ) -> Section {
        let problems_before = self.problems.len();
        let Listed {
            at,
            id,
            title,
            questions,
        } = listed;
        let at = at.as_str();
        if !at.is_empty() && id.is_empty() {
            self.error(&format!("{at}.id"), "a section needs an `id:`");
        }
        if !at.is_empty() && !seen.insert(id.clone()) {
            self.error(
                &format!("{at}.id"),
                format!("there is already a section `{id}`"),
            );
        }
        let prefix = if at.is_empty() {
            String::new()
        } else {
            format!("{at}.")
        };
        let questions: Vec<Question> = questions
            .into_iter()
            .enumerate()
            .filter_map(|(j, q)| self.question(q, &format!("{prefix}questions[{j}]"), asked))
            .collect();
        let section = Section {
            id,
            title,
            questions,
        };
        let clean = self.problems.len() == problems_before;
        // Out-of-range weights and scores were refused above: only clean
        // questions are summed.
        let scores_nothing = || {
            section
                .questions
                .iter()
                .map(Question::max_points)
                .sum::<i64>()
                <= 0
        };
        if clean && !at.is_empty() && scores_nothing() {
            self.error(
                at,
                format!(
                    "section `{}` can score no points: its maximum is 0",
                    section.id
                ),
            )
            .hint =
                Some("give some answers a positive score, or a question a weight above 0".into());
        }
        section
    }

    /// A checklist with no mistake in its questions must have some, and
    /// points to score.
    fn maximum(&mut self, sections: &[Section], has_sections: bool) {
        let questions_at = if has_sections {
            "sections"
        } else {
            "questions"
        };
        let mut questions = sections.iter().flat_map(|s| &s.questions).peekable();
        if questions.peek().is_none() {
            self.error(questions_at, "this checklist has no questions");
        } else if questions.map(Question::max_points).sum::<i64>() <= 0 {
            self.error(
                questions_at,
                "this checklist can score no points: its maximum is 0",
            );
        }
    }

    /// `dealbreaker_result` names a result, and is there when an answer is a dealbreaker.
    fn dealbreaker_result(&mut self, named: Option<&str>, results: &[Band], sections: &[Section]) {
        let any_dealbreaker = sections
            .iter()
            .flat_map(|s| &s.questions)
            .flat_map(|q| &q.answers)
            .any(|a| a.dealbreaker);
        match named {
            Some(id) if !results.iter().any(|b| b.id == id) => {
                let ids: Vec<&str> = results.iter().map(|b| b.id.as_str()).collect();
                let hint = hint_for(id, &ids);
                self.error(
                    "dealbreaker_result",
                    format!("`dealbreaker_result: {id}` names no result"),
                )
                .hint = Some(hint);
            }
            None if any_dealbreaker => {
                self.error(
                    "results",
                    "an answer is a dealbreaker, but `dealbreaker_result` is missing",
                )
                .hint =
                    Some("add `dealbreaker_result:` with the id of the result to show then".into());
            }
            _ => {}
        }
    }

    fn results(&mut self, raw: Vec<super::raw::RawResult>) -> Vec<Band> {
        if raw.is_empty() {
            self.error("results", "a checklist needs at least one result");
        }
        let mut seen = HashSet::new();
        let mut bands: Vec<Band> = Vec::new();
        for (i, result) in raw.into_iter().enumerate() {
            if result.id.is_empty() {
                self.error(&format!("results[{i}].id"), "a result needs an `id:`");
            }
            if !seen.insert(result.id.clone()) {
                self.error(
                    &format!("results[{i}].id"),
                    format!("there is already a result `{}`", result.id),
                );
            }
            if let Some(previous) = bands.last() {
                if result.min >= previous.min {
                    self.error(
                        &format!("results[{i}].min"),
                        format!("results go from best to worst: `min: {}` must be below the previous `min: {}`", result.min, previous.min),
                    );
                }
            }
            bands.push(Band {
                id: result.id,
                min: result.min,
                title: result.title,
                body: result.body,
                cta: result.cta,
            });
        }
        if let Some(last) = bands.last() {
            if last.min != 0 {
                let at = format!("results[{}].min", bands.len() - 1);
                self.error(
                    &at,
                    format!(
                        "the last result must have `min: 0`, not `min: {}`",
                        last.min
                    ),
                )
                .hint = Some("it catches every score below the others".into());
            }
        }
        bands
    }
}

/// "did you mean" when one is close, else the list of what exists.
fn hint_for(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None if candidates.is_empty() => "there is nothing to name here yet".to_string(),
        None => format!("it can be one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESULTS: &str =
        "results:\n  - { id: good, min: 50, title: Good }\n  - { id: bad, min: 0, title: Bad }\n";

    /// The problems of a checklist, as `line:column message` strings.
    fn problems(yaml: &str) -> Vec<String> {
        match load(yaml, Path::new("c.yaml"), "c") {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .iter()
                .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
                .collect(),
        }
    }

    fn one_problem(yaml: &str) -> String {
        let found = problems(yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn a_valid_checklist_loads_with_defaults() {
        let yaml = format!("title: T\nquestions:\n  - {{ id: q, text: Q?, kind: yes_no }}\n  - id: c\n    text: C?\n    kind: choice\n    options: [{{ label: Très bien, score: 2 }}]\n{RESULTS}");
        let (c, front) = load(&yaml, Path::new("c.yaml"), "file-id").unwrap();
        assert_eq!(front.title.as_deref(), Some("T"));
        assert_eq!(c.id, "file-id");
        assert!(!c.has_sections);
        let q = &c.sections[0].questions;
        assert_eq!(
            (q[0].answers[0].id.as_str(), q[0].answers[0].score),
            ("yes", 1)
        );
        assert_eq!(q[1].answers[0].id, "tres-bien");
    }

    #[test]
    fn duplicate_ids_are_located() {
        let yaml = format!("title: T\nquestions:\n  - {{ id: q, text: A, kind: yes_no }}\n  - {{ id: q, text: B, kind: yes_no }}\n{RESULTS}");
        assert_eq!(one_problem(&yaml), "4:11 there is already a question `q`");
        let yaml = format!("title: T\nquestions:\n  - id: q\n    text: A\n    kind: choice\n    options:\n      - {{ id: a, label: A }}\n      - {{ id: a, label: B, score: 1 }}\n{RESULTS}");
        assert_eq!(
            one_problem(&yaml),
            "8:15 there is already an option `a` in this question"
        );
    }

    #[test]
    fn show_if_must_name_an_earlier_question_and_its_answers() {
        let yaml = format!("title: T\nquestions:\n  - {{ id: a, text: A, kind: yes_no, show_if: {{ b: [yes] }} }}\n  - {{ id: b, text: B, kind: yes_no, show_if: {{ a: [maybe] }} }}\n{RESULTS}");
        let found = problems(&yaml);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("3:51 `show_if` names `b`, which is not an earlier question"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("4:51 `a` has no answer `maybe`"),
            "{found:?}"
        );
    }

    #[test]
    fn results_go_down_and_end_at_zero() {
        let yaml = "title: T\nquestions:\n  - { id: q, text: Q, kind: yes_no }\nresults:\n  - { id: a, min: 40, title: A }\n  - { id: b, min: 60, title: B }\n  - { id: c, min: 10, title: C }\n";
        let found = problems(yaml);
        assert_eq!(
            found[0],
            "6:19 results go from best to worst: `min: 60` must be below the previous `min: 40`"
        );
        assert_eq!(
            found[1],
            "7:19 the last result must have `min: 0`, not `min: 10`"
        );
    }

    #[test]
    fn a_dealbreaker_needs_a_dealbreaker_result_that_exists() {
        let q = "questions:\n  - { id: q, text: Q, kind: yes_no, dealbreaker: no }\n";
        assert_eq!(
            one_problem(&format!("title: T\n{q}{RESULTS}")),
            "5:3 an answer is a dealbreaker, but `dealbreaker_result` is missing"
        );
        let found = one_problem(&format!("title: T\n{q}{RESULTS}dealbreaker_result: baad\n"));
        assert_eq!(found, "7:21 `dealbreaker_result: baad` names no result");
    }

    #[test]
    fn kinds_and_their_keys() {
        let yaml =
            format!("title: T\nquestions:\n  - {{ id: q, text: Q, kind: yesno }}\n{RESULTS}");
        assert_eq!(one_problem(&yaml), "3:29 unknown value `yesno`");
        let yaml = format!("title: T\nquestions:\n  - {{ id: q, text: Q, kind: scale, scale: {{ min: 5, max: 1 }} }}\n{RESULTS}");
        assert_eq!(
            one_problem(&yaml),
            "3:58 the scale's max (1) must be above its min (5)"
        );
        let yaml = format!("title: T\nquestions:\n  - {{ id: q, text: Q, kind: multi, yes: 2, options: [{{ label: A, score: 1 }}] }}\n{RESULTS}");
        assert_eq!(
            one_problem(&yaml),
            "3:41 `yes:` is only for yes_no questions"
        );
    }

    #[test]
    fn a_checklist_that_can_score_nothing_is_an_error() {
        let yaml = format!("title: T\nsections:\n  - id: s\n    title: S\n    questions:\n      - {{ id: q, text: Q, kind: yes_no, yes: 0 }}\n{RESULTS}");
        // The section's problem, not the checklist's too: one cause, one message.
        assert!(one_problem(&yaml).starts_with("3:5 section `s` can score no points"));
        let yaml = format!(
            "title: T\nquestions:\n  - {{ id: q, text: Q, kind: yes_no, weight: 0 }}\n{RESULTS}"
        );
        assert!(
            one_problem(&yaml).starts_with("3:3 this checklist can score no points"),
            "{}",
            one_problem(&yaml)
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let yaml = "title: T\nquestions:\n  - { id: q, text: Q, kind: yes_no, weight: -1 }\n  - { id: q, text: R, kind: yes_no }\nresults:\n  - { id: a, min: 10, title: A }\n";
        let found = problems(yaml);
        // A negative weight, a duplicate id, a last result above 0.
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn empty_and_out_of_range_values_are_refused() {
        assert_eq!(
            one_problem(&format!("title: T\nquestions: []\n{RESULTS}")),
            "2:12 this checklist has no questions"
        );
        let yaml = format!("title: T\nquestions:\n  - {{ id: a, text: A, kind: yes_no }}\n  - {{ id: b, text: B, kind: yes_no, show_if: {{ a: [] }} }}\n{RESULTS}");
        assert!(one_problem(&yaml).contains("`show_if` lists no answer of `a`"));
        let yaml = format!("title: T\nquestions:\n  - {{ id: a, text: A, kind: yes_no, weight: 9223372036854775807, yes: 2 }}\n{RESULTS}");
        assert!(one_problem(&yaml).contains("a weight can be at most 1000000"));
        let yaml = format!("title: T\nquestions:\n  - {{ id: a, text: A, kind: scale, scale: {{ min: -9223372036854775808, max: 9223372036854775807 }} }}\n{RESULTS}");
        assert!(
            problems(&yaml)[0].contains("a scale's numbers stay within"),
            "{:?}",
            problems(&yaml)
        );
        let yaml = format!("title: T\nsend_to: \"a@b.org?cc=evil@x.org\"\nquestions:\n  - {{ id: a, text: A, kind: yes_no }}\n{RESULTS}");
        assert!(one_problem(&yaml)
            .starts_with("2:10 `a@b.org?cc=evil@x.org` is not one plain e-mail address"));
        let yaml = format!("title: T\nquestions:\n  - {{ id: a, text: A, kind: yes_no, dealbreaker: true }}\n{RESULTS}");
        assert!(
            one_problem(&yaml).contains("`true` is not an answer"),
            "{}",
            one_problem(&yaml)
        );
    }

    #[test]
    fn send_to_is_an_address_or_a_secure_endpoint() {
        let with = |send_to: &str| {
            problems(&format!("title: T\nsend_to: \"{send_to}\"\nquestions:\n  - {{ id: a, text: A, kind: yes_no }}\n{RESULTS}"))
        };
        assert!(with("hello@example.com").is_empty());
        assert!(with("https://formspree.io/f/abcd").is_empty());
        assert!(with("http://127.0.0.1:8080/answers").is_empty());
        assert!(with("http://localhost/answers").is_empty());
        assert_eq!(
            with("http://example.com/answers"),
            ["2:10 `http://example.com/answers` is not a secure address"]
        );
        assert!(with("https://exa mple.com/").len() == 1);
        assert!(with("https:///nohost").len() == 1);
    }

    #[test]
    fn contact_fields_are_offered_before_they_are_required() {
        let yaml = format!("title: T\ncontact: {{ ask: [name, email], required: [email, message] }}\nquestions:\n  - {{ id: a, text: A, kind: yes_no }}\n{RESULTS}");
        assert_eq!(
            problems(&yaml),
            ["2:50 `message` is required but not asked for"]
        );
        let yaml = format!("title: T\ncontact: {{ ask: [phone] }}\nquestions:\n  - {{ id: a, text: A, kind: yes_no }}\n{RESULTS}");
        assert_eq!(problems(&yaml).len(), 1);
    }

    #[test]
    fn question_ids_that_sending_uses_are_refused() {
        let yaml =
            format!("title: T\nquestions:\n  - {{ id: email, text: A, kind: yes_no }}\n{RESULTS}");
        assert!(one_problem(&yaml).contains("`email` cannot be a question's id"));
    }
}
