//! A checklist file as written: serde structs that mirror the YAML format of the
//! contract, unchecked beyond types and key names. `validate` turns them into
//! the model.

use crate::content::date::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The whole file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChecklist {
    /// The page's title, in its `<h1>`, the navigation and listings.
    pub title: String,
    /// One sentence for listings and link previews.
    pub summary: Option<String>,
    /// Markdown shown above the questions.
    pub intro: Option<String>,
    /// Who fills it in.
    #[serde(default)]
    pub audience: Audience,
    /// The checklist's id (default: made from the file name).
    pub id: Option<String>,
    /// The last part of the URL, instead of one made from the file name.
    pub slug: Option<String>,
    /// Order inside the section: lower first.
    pub weight: Option<i64>,
    /// Topics of the page.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When it was first published (YYYY-MM-DD).
    pub date: Option<Date>,
    /// When it was last revised (YYYY-MM-DD).
    pub updated: Option<Date>,
    /// A draft is left out unless the build runs with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Reachable by its link only: left out of navigation, search, feeds and sitemap.
    #[serde(default)]
    pub unlisted: bool,
    /// Old paths of this page that keep working as redirects.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where "send my answers" goes: an e-mail address (the site author's by
    /// default) or a form endpoint's `https://` URL.
    pub send_to: Option<String>,
    /// What the prospect may add before sending: which fields, which required.
    pub contact: Option<RawContact>,
    /// Groups of questions, each scored as a dimension (or use `questions`).
    pub sections: Option<Vec<RawSection>>,
    /// The questions, when the checklist has no sections.
    pub questions: Option<Vec<RawQuestion>>,
    /// The possible outcomes, best first; each applies from its `min` percentage up.
    pub results: Vec<RawResult>,
    /// The id of the result shown when a dealbreaker answer is chosen.
    pub dealbreaker_result: Option<String>,
}

/// Who fills the checklist in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// A prospect, about themselves.
    #[default]
    Prospect,
    /// The practice's own team, about a client.
    Practice,
}

/// `contact: { ask: [name, email, message], required: [email] }`.
#[derive(Debug, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// A short name, unique in the checklist.
    pub id: String,
    /// The heading shown above its questions.
    pub title: String,
    /// The section's questions, in order.
    pub questions: Vec<RawQuestion>,
}

/// The four kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Yes or no; scores yes=1, no=0 unless `yes:`/`no:` say otherwise.
    YesNo,
    /// A whole number from `scale.min` to `scale.max`, scored as itself.
    Scale,
    /// One of the `options`.
    Choice,
    /// Any of the `options`; their scores add up.
    Multi,
}

/// One question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// A short name, unique in the checklist; share links carry it.
    pub id: String,
    /// The question as the reader sees it.
    pub text: String,
    /// Markdown shown under the question.
    pub help: Option<String>,
    /// What kind of answer it takes.
    pub kind: Kind,
    /// How much the question counts (default 1).
    #[serde(default = "one")]
    pub weight: i64,
    /// yes_no: the score (or full entry) of the answer `yes`.
    pub yes: Option<RawYesNo>,
    /// yes_no: the score (or full entry) of the answer `no`.
    pub no: Option<RawYesNo>,
    /// yes_no: which answer (`yes` or `no`) means "not a fit".
    pub dealbreaker: Option<AnswerId>,
    /// choice and multi: the answers offered.
    pub options: Option<Vec<RawOption>>,
    /// scale: the range and its labels.
    pub scale: Option<RawScale>,
    /// Asked only when earlier questions (by id) got one of these answers.
    pub show_if: Option<BTreeMap<String, OneOrMany>>,
}

fn one() -> i64 {
    1
}

/// `yes: 2` or `no: { score: 0, flag: ..., dealbreaker: true }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawYesNo {
    Score(i64),
    Full(RawAnswer),
}

/// The parts an answer may carry.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    /// Points for this answer (default 0).
    #[serde(default)]
    pub score: i64,
    /// A remark listed with the result when this answer is chosen.
    pub flag: Option<String>,
    /// This answer means "not a fit", whatever the score.
    #[serde(default)]
    pub dealbreaker: bool,
}

/// One answer of a choice or multi question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    /// A short name, unique in the question (default: from the label).
    pub id: Option<AnswerId>,
    /// The answer as the reader sees it.
    pub label: String,
    /// Points for this answer (default 0).
    #[serde(default)]
    pub score: i64,
    /// A remark listed with the result when this answer is chosen.
    pub flag: Option<String>,
    /// This answer means "not a fit", whatever the score.
    #[serde(default)]
    pub dealbreaker: bool,
}

/// The range of a scale question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    /// The lowest answer.
    pub min: i64,
    /// The highest answer.
    pub max: i64,
    /// Words shown at some of the numbers, e.g. `{ 1: Hands off, 5: Every step }`.
    #[serde(default)]
    pub labels: BTreeMap<i64, String>,
}

/// One possible outcome.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResult {
    /// A short name, unique in the checklist.
    pub id: String,
    /// The lowest score, as a percentage of the highest possible, that gives this result.
    pub min: i64,
    /// The result's heading.
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
    /// A button under the result.
    pub cta: Option<RawCta>,
}

/// A call to action under a result.
#[derive(Debug, Clone, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCta {
    /// The button's words.
    pub label: String,
    /// Where it leads: a page, a `mailto:` or any URL.
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
#[derive(Debug, Deserialize, JsonSchema)]
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
