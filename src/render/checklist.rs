//! A checklist as its page's template sees it: questions with their inputs and
//! points, Markdown already turned into HTML, and the data the page's script
//! scores with (the same model the Rust reference scores).

use crate::checklist::score::{score, Answers, Outcome};
use crate::checklist::{Answer, Checklist, Cta, Destination, Kind};
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
    /// Where "send my answers" goes.
    pub send: SendView<'a>,
    /// What the prospect may add before sending, in order.
    pub contact: Vec<ContactView>,
    /// About how long answering takes, in whole minutes (at least 1).
    pub minutes: usize,
    /// The first question's id, which the start control leads to.
    pub first_question: &'a str,
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

/// Where the answers go, and who receives them, as the page says it.
#[derive(Serialize)]
pub struct SendView<'a> {
    /// `true`: posted to `url`; `false`: a message to the address `url`.
    pub endpoint: bool,
    /// The endpoint's URL, or the e-mail address.
    pub url: &'a str,
    /// The endpoint's host (`formspree.io`), for "sent through …".
    pub host: &'a str,
    /// Who receives them: the site author's name, else the site's title.
    pub recipient: &'a str,
    /// An address to write to: the one answers are sent to, or for an
    /// endpoint the site author's (for when posting fails), or `""`.
    pub mail: &'a str,
}

/// One field the prospect may fill before sending.
#[derive(Serialize)]
pub struct ContactView {
    /// `name`, `email` or `message`: the field's name in the form.
    pub name: &'static str,
    pub required: bool,
}

/// Who receives sent answers by default: the site author.
pub struct Recipient<'a> {
    pub email: &'a str,
    /// The author's name, else the site's title.
    pub name: &'a str,
}

impl<'a> Recipient<'a> {
    /// The site author, named by the site's title when they have no name.
    pub fn of(config: &'a crate::config::SiteConfig) -> Self {
        Recipient {
            email: &config.author.email,
            name: if config.author.name.is_empty() {
                &config.title
            } else {
                &config.author.name
            },
        }
    }
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

/// Seconds a prospect takes over one question, for "about N minutes".
const SECONDS_PER_QUESTION: usize = 18;

/// About how many minutes `questions` questions take to answer (at least 1).
pub fn minutes(questions: usize) -> usize {
    (questions * SECONDS_PER_QUESTION).div_ceil(60).max(1)
}

/// Prepares `checklist` for its template; `recipient` receives sent answers
/// unless the checklist sets `send_to`; `markdown` renders a field's Markdown, given the field's YAML path
/// (`results[2].body`) for its messages.
pub fn view<'a>(
    checklist: &'a Checklist,
    recipient: &Recipient<'a>,
    markdown: &mut dyn FnMut(&str, &str) -> String,
) -> ChecklistView<'a> {
    let question_count = checklist.questions().count();
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
    let results = result_views(checklist, markdown);
    ChecklistView {
        id: &checklist.id,
        audience: checklist.audience,
        has_sections: checklist.has_sections,
        sections,
        results,
        max: checklist.questions().map(|q| q.max_points()).sum(),
        question_count,
        has_conditions: checklist.questions().any(|q| !q.show_if.is_empty()),
        send: send_view(checklist.destination(recipient.email), recipient),
        contact: checklist
            .contact
            .ask
            .iter()
            .map(|&field| ContactView {
                name: field.name(),
                required: checklist.contact.required.contains(&field),
            })
            .collect(),
        minutes: minutes(question_count),
        first_question: checklist.questions().next().map_or("", |q| q.id.as_str()),
        // `<` escaped so that no text can close the data block early.
        data: serde_json::to_string(checklist)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
        initial: score(checklist, &Answers::new()),
        prefix: String::new(),
        heading: 2,
    }
}

/// The results, with their bodies' Markdown rendered by `markdown`.
fn result_views<'a>(
    checklist: &'a Checklist,
    markdown: &mut dyn FnMut(&str, &str) -> String,
) -> Vec<ResultView<'a>> {
    checklist
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
        .collect()
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

fn send_view<'a>(destination: Destination<'a>, recipient: &Recipient<'a>) -> SendView<'a> {
    match destination {
        Destination::Email(address) => SendView {
            endpoint: false,
            url: address,
            host: "",
            recipient: recipient.name,
            mail: address,
        },
        Destination::Endpoint { url, origin } => SendView {
            endpoint: true,
            url,
            host: origin.split_once("://").map_or(origin, |(_, host)| host),
            recipient: recipient.name,
            mail: recipient.email,
        },
    }
}
