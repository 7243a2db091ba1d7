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

pub use raw::{Audience, ContactField, Kind, RawCta as Cta};

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
    /// `send_to:` as written (checked: one address or one endpoint URL).
    pub send_to: Option<String>,
    /// The fields offered before sending, and which are required.
    pub contact: Contact,
    /// Top-level `questions:` become one section with an empty id.
    pub sections: Vec<Section>,
    /// Whether the author wrote `sections:` (and so wants per-section figures).
    pub has_sections: bool,
    /// From best to worst; the last one has `min: 0`.
    pub results: Vec<Band>,
    pub dealbreaker_result: Option<String>,
}

/// What a prospect may add to their answers before sending them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    pub ask: Vec<ContactField>,
    pub required: Vec<ContactField>,
}

impl Default for Contact {
    fn default() -> Self {
        Contact {
            ask: raw::all_fields(),
            required: Vec::new(),
        }
    }
}

/// Where a checklist's answers go when the prospect sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination<'a> {
    /// The prospect's mail program opens a message to this address.
    Email(&'a str),
    /// The page posts the answers to this URL, whose origin the page's
    /// Content-Security-Policy then allows.
    Endpoint { url: &'a str, origin: &'a str },
}

impl<'a> Destination<'a> {
    /// Reads a checked `send_to` value (an `http(s)://` URL, else an address).
    pub fn of(send_to: &'a str) -> Destination<'a> {
        let rest = send_to
            .strip_prefix("https://")
            .or_else(|| send_to.strip_prefix("http://"));
        match rest {
            Some(rest) => {
                let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                let origin_len = send_to.len() - rest.len() + host_end;
                Destination::Endpoint {
                    url: send_to,
                    origin: &send_to[..origin_len],
                }
            }
            None => Destination::Email(send_to),
        }
    }

    /// The endpoint's origin, for the page's Content-Security-Policy.
    pub fn origin(self) -> Option<&'a str> {
        match self {
            Destination::Endpoint { origin, .. } => Some(origin),
            Destination::Email(_) => None,
        }
    }
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
    /// Where sent answers go: `send_to`, else `default_email` (the author's).
    pub fn destination<'a>(&'a self, default_email: &'a str) -> Destination<'a> {
        Destination::of(self.send_to.as_deref().unwrap_or(default_email))
    }

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
