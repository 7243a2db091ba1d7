//! Fit checklists: YAML questionnaires compiled to self-assessment pages.
//!
//! A checklist is read (`raw`), checked against every rule of the contract
//! and turned into this model (`validate`), and scored by the reference rules
//! (`score`), which the page's script implements again; shared test vectors keep
//! the two equal.

pub mod raw;
pub mod score;
pub mod translation;
pub mod validate;

pub use raw::{Audience, Kind, RawCta as Cta};

/// A checked checklist, ready to render and score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Checklist {
    /// Unique in the site: the file name without `.yaml` (and language), or `id:`.
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// Markdown.
    pub intro: Option<String>,
    pub audience: Audience,
    pub send_to: Option<String>,
    /// Top-level `questions:` become one section with an empty id.
    pub sections: Vec<Section>,
    /// Whether the author wrote `sections:` (and so wants per-section figures).
    pub has_sections: bool,
    /// From best to worst; the last one has `min: 0`.
    pub results: Vec<Band>,
    pub dealbreaker_result: Option<String>,
}

/// A scored group of questions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub questions: Vec<Question>,
}

/// One question and the answers it offers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// Markdown.
    pub help: Option<String>,
    pub kind: Kind,
    pub weight: i64,
    /// yes_no: `yes`, `no`; scale: `min`..=`max`; choice and multi: the options.
    pub answers: Vec<Answer>,
    /// Asked only when every condition holds.
    pub show_if: Vec<Condition>,
}

/// One answer a question offers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Answer {
    pub id: String,
    pub label: String,
    /// A scale point's words (`Hands off`), when the author gave some.
    pub caption: Option<String>,
    pub score: i64,
    /// A warning sign listed in the result when this answer is chosen.
    pub flag: Option<String>,
    /// Choosing it means "not a fit", whatever the score.
    pub dealbreaker: bool,
}

/// `show_if`: the question `question` has one of the answers `any_of`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Condition {
    pub question: String,
    pub any_of: Vec<String>,
}

/// A result: reached from `min` percent of the maximum score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Band {
    pub id: String,
    pub min: i64,
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
    pub cta: Option<Cta>,
}

impl Checklist {
    /// Every question, in the order they are asked.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| &s.questions)
    }
}

impl Question {
    /// The points of the best possible answer, never below 0.
    pub fn max_points(&self) -> i64 {
        let best = match self.kind {
            Kind::Multi => self.answers.iter().map(|a| a.score.max(0)).sum(),
            _ => self.answers.iter().map(|a| a.score).max().unwrap_or(0),
        };
        self.weight * best.max(0)
    }
}
