//! A checklist file as written: serde structs that mirror the YAML format of the
//! contract, unchecked beyond types and key names. `validate` turns them into
//! the model.

use crate::content::date::Date;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChecklist {
    pub title: String,
    pub summary: Option<String>,
    /// Markdown shown above the questions.
    pub intro: Option<String>,
    #[serde(default)]
    pub audience: Audience,
    pub id: Option<String>,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub unlisted: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where "send my answers" goes: an e-mail address (the site author's by
    /// default) or a form endpoint's `https://` URL.
    pub send_to: Option<String>,
    /// What the prospect may add before sending: which fields, which required.
    pub contact: Option<RawContact>,
    pub sections: Option<Vec<RawSection>>,
    pub questions: Option<Vec<RawQuestion>>,
    pub results: Vec<RawResult>,
    pub dealbreaker_result: Option<String>,
}

/// Who fills the checklist in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// A prospect, about themselves.
    #[default]
    Prospect,
    /// The practice's own team, about a client.
    Practice,
}

/// `contact: { ask: [name, email, message], required: [email] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// The fields offered, in this order (all three by default).
    #[serde(default = "all_fields")]
    pub ask: Vec<ContactField>,
    /// The fields that must be filled before sending (none by default).
    #[serde(default)]
    pub required: Vec<ContactField>,
}

/// One thing a prospect may write before sending their answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactField {
    /// Their name.
    Name,
    /// An e-mail address or a phone number: how to reach them.
    Email,
    /// A line about their project.
    Message,
}

impl ContactField {
    /// The field's name in the form, which the endpoint receives.
    pub fn name(self) -> &'static str {
        match self {
            ContactField::Name => "name",
            ContactField::Email => "email",
            ContactField::Message => "message",
        }
    }
}

pub fn all_fields() -> Vec<ContactField> {
    vec![
        ContactField::Name,
        ContactField::Email,
        ContactField::Message,
    ]
}

/// A group of questions, scored as one dimension.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: String,
    pub title: String,
    pub questions: Vec<RawQuestion>,
}

/// The four kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    YesNo,
    Scale,
    Choice,
    Multi,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub text: String,
    /// Markdown shown under the question.
    pub help: Option<String>,
    pub kind: Kind,
    #[serde(default = "one")]
    pub weight: i64,
    /// yes_no: the score (or full entry) of the answer `yes`.
    pub yes: Option<RawYesNo>,
    /// yes_no: the score (or full entry) of the answer `no`.
    pub no: Option<RawYesNo>,
    /// yes_no: which answer (`yes` or `no`) means "not a fit".
    pub dealbreaker: Option<AnswerId>,
    pub options: Option<Vec<RawOption>>,
    pub scale: Option<RawScale>,
    pub show_if: Option<BTreeMap<String, OneOrMany>>,
}

fn one() -> i64 {
    1
}

/// `yes: 2` or `no: { score: 0, flag: ..., dealbreaker: true }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawYesNo {
    Score(i64),
    Full(RawAnswer),
}

/// The parts an answer may carry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    #[serde(default)]
    pub score: i64,
    pub flag: Option<String>,
    #[serde(default)]
    pub dealbreaker: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Option<AnswerId>,
    pub label: String,
    #[serde(default)]
    pub score: i64,
    pub flag: Option<String>,
    #[serde(default)]
    pub dealbreaker: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub min: i64,
    pub max: i64,
    #[serde(default)]
    pub labels: BTreeMap<i64, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResult {
    pub id: String,
    pub min: i64,
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
    pub cta: Option<RawCta>,
}

/// A call to action under a result.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCta {
    pub label: String,
    pub url: String,
}

/// An answer id as written: a string, or a number for scale answers (`[4, 5]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerId(pub String);

impl<'de> Deserialize<'de> for AnswerId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AnswerId;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an answer id: `yes`, `no`, an option's id or a scale's number")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AnswerId, E> {
                Ok(AnswerId(v.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<AnswerId, E> {
                Ok(AnswerId(v.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<AnswerId, E> {
                Ok(AnswerId(v.to_string()))
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<AnswerId, E> {
                Err(E::custom(format!(
                    "`{v}` is not an answer: a yes_no question's answers are `yes` and `no`"
                )))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// `show_if: { budget: medium }` or `show_if: { budget: [medium, large] }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(AnswerId),
    Many(Vec<AnswerId>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<AnswerId> {
        match self {
            OneOrMany::One(a) => vec![a],
            OneOrMany::Many(v) => v,
        }
    }
}
