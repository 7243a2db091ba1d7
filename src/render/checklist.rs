//! A checklist as its page's template sees it: questions with their inputs and
//! points, Markdown already turned into HTML, and the data the page's script
//! scores with (the same model the Rust reference scores).

use crate::checklist::score::{score, Answers, Outcome};
use crate::checklist::{Answer, Checklist, Cta, Kind};
use serde::Serialize;

/// The questionnaire of a checklist page.
#[derive(Serialize)]
pub struct ChecklistView<'a> {
    pub id: &'a str,
    pub audience: crate::checklist::Audience,
    pub has_sections: bool,
    pub sections: Vec<SectionView<'a>>,
    pub results: Vec<ResultView<'a>>,
    /// The maximum with every question asked.
    pub max: i64,
    pub question_count: usize,
    /// Whether some question is asked only after certain answers (`show_if`).
    pub has_conditions: bool,
    /// Where "send my answers" writes to.
    pub send_to: &'a str,
    /// The checklist as JSON, for the page's script (in a data block, never run).
    pub data: String,
    /// The figures before any answer, from the reference rules.
    pub initial: Outcome,
    /// What the theme's ids start with: `""` on the checklist's page,
    /// `Checklist-<id>-` where an article shows it, so that ids stay unique.
    pub prefix: String,
    /// The level of the sections' headings: 2 on the checklist's page, 3 in
    /// an article (under the checklist's title).
    pub heading: u8,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub max: i64,
    pub questions: Vec<QuestionView<'a>>,
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    /// HTML.
    pub help: String,
    pub kind: Kind,
    /// `radio` or `checkbox`.
    pub input: &'static str,
    pub weight: i64,
    pub answers: Vec<AnswerView<'a>>,
    /// Whether `show_if` can hide it.
    pub conditional: bool,
    /// The conditions in words: question text and the answers' labels.
    pub conditions: Vec<ConditionView<'a>>,
}

#[derive(Serialize)]
pub struct AnswerView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub caption: Option<&'a str>,
    /// Weight × score: what choosing it adds.
    pub points: i64,
    pub flag: Option<&'a str>,
    pub dealbreaker: bool,
}

#[derive(Serialize)]
pub struct ConditionView<'a> {
    pub question: &'a str,
    /// The answers' labels; for a yes_no question their ids (`yes`, `no`), which
    /// the template translates like the answers themselves.
    pub answers: Vec<&'a str>,
    pub yes_no: bool,
}

#[derive(Serialize)]
pub struct ResultView<'a> {
    pub id: &'a str,
    pub min: i64,
    pub title: &'a str,
    /// HTML.
    pub body: String,
    pub cta: Option<&'a Cta>,
    pub is_dealbreaker: bool,
}

/// Prepares `checklist` for its template; `default_send_to` is the site author's
/// address; `markdown` renders a field's Markdown, given the field's YAML path
/// (`results[2].body`) for its messages.
pub fn view<'a>(
    checklist: &'a Checklist,
    default_send_to: &'a str,
    markdown: &mut dyn FnMut(&str, &str) -> String,
) -> ChecklistView<'a> {
    let label_of = |question: &str, answer: &str| -> &'a str {
        checklist
            .questions()
            .find(|q| q.id == question)
            .and_then(|q| q.answers.iter().find(|a| a.id == answer))
            .map_or("", |a| a.label.as_str())
    };
    let text_of = |question: &str| {
        checklist
            .questions()
            .find(|q| q.id == question)
            .map_or("", |q| q.text.as_str())
    };
    let at = |i: usize| {
        if checklist.has_sections {
            format!("sections[{i}].")
        } else {
            String::new()
        }
    };
    let sections = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| SectionView {
            id: &s.id,
            title: &s.title,
            max: s.questions.iter().map(|q| q.max_points()).sum(),
            questions: s
                .questions
                .iter()
                .enumerate()
                .map(|(j, q)| QuestionView {
                    id: &q.id,
                    text: &q.text,
                    help: q
                        .help
                        .as_deref()
                        .map(|text| markdown(text, &format!("{}questions[{j}].help", at(i))))
                        .unwrap_or_default(),
                    kind: q.kind,
                    input: if q.kind == Kind::Multi {
                        "checkbox"
                    } else {
                        "radio"
                    },
                    weight: q.weight,
                    answers: q.answers.iter().map(|a| answer(a, q.weight)).collect(),
                    conditional: !q.show_if.is_empty(),
                    conditions: q
                        .show_if
                        .iter()
                        .map(|c| ConditionView {
                            question: text_of(&c.question),
                            answers: c.any_of.iter().map(|a| label_of(&c.question, a)).collect(),
                            yes_no: checklist
                                .questions()
                                .any(|q| q.id == c.question && q.kind == Kind::YesNo),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let results = checklist
        .results
        .iter()
        .enumerate()
        .map(|(k, b)| ResultView {
            id: &b.id,
            min: b.min,
            title: &b.title,
            body: b
                .body
                .as_deref()
                .map(|text| markdown(text, &format!("results[{k}].body")))
                .unwrap_or_default(),
            cta: b.cta.as_ref(),
            is_dealbreaker: checklist.dealbreaker_result.as_deref() == Some(b.id.as_str()),
        })
        .collect();
    ChecklistView {
        id: &checklist.id,
        audience: checklist.audience,
        has_sections: checklist.has_sections,
        sections,
        results,
        max: checklist.questions().map(|q| q.max_points()).sum(),
        question_count: checklist.questions().count(),
        has_conditions: checklist.questions().any(|q| !q.show_if.is_empty()),
        send_to: checklist.send_to.as_deref().unwrap_or(default_send_to),
        // `<` escaped so that no text can close the data block early.
        data: serde_json::to_string(checklist)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
        initial: score(checklist, &Answers::new()),
        prefix: String::new(),
        heading: 2,
    }
}

fn answer(a: &Answer, weight: i64) -> AnswerView<'_> {
    AnswerView {
        id: &a.id,
        label: &a.label,
        caption: a.caption.as_deref(),
        points: weight * a.score,
        flag: a.flag.as_deref(),
        dealbreaker: a.dealbreaker,
    }
}
