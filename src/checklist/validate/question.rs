//! The rules of one question: its id, kind and the keys its kind takes, its
//! answers and their scores, and a `show_if` naming an earlier question.

use super::{hint_for, Check, MAX_NUMBER, MAX_SCALE_POINTS, RESERVED_IDS};
use crate::checklist::raw::{AnswerId, RawOption, RawQuestion, RawYesNo};
use crate::checklist::{Answer, Condition, Kind, Question};
use crate::slug::slugify;
use std::collections::{HashMap, HashSet};

impl Check<'_> {
    /// Checks one question; `asked` holds the questions before it, with their answer ids.
    pub(super) fn question(
        &mut self,
        raw: RawQuestion,
        at: &str,
        asked: &mut HashMap<String, Vec<String>>,
    ) -> Option<Question> {
        if asked.contains_key(&raw.id) {
            self.error(
                &format!("{at}.id"),
                format!("there is already a question `{}`", raw.id),
            );
        }
        if raw.id.is_empty() {
            self.error(&format!("{at}.id"), "a question needs an `id:`");
        }
        if RESERVED_IDS.contains(&raw.id.as_str()) {
            self.error(
                &format!("{at}.id"),
                format!(
                    "`{}` cannot be a question's id: sent answers use that name for something else",
                    raw.id
                ),
            )
            .hint = Some(format!(
                "the names kept for sending are {}",
                RESERVED_IDS.map(|r| format!("`{r}`")).join(", ")
            ));
        }
        if raw.weight < 0 {
            self.error(&format!("{at}.weight"), "a weight cannot be negative");
        }
        if raw.weight > MAX_NUMBER {
            self.error(
                &format!("{at}.weight"),
                format!("a weight can be at most {MAX_NUMBER}"),
            );
        }
        let only_for = |key: &str, kinds: &str| format!("`{key}:` is only for {kinds} questions");
        if raw.kind != Kind::YesNo {
            for (key, present) in [
                ("yes", raw.yes.is_some()),
                ("no", raw.no.is_some()),
                ("dealbreaker", raw.dealbreaker.is_some()),
            ] {
                if present {
                    self.error(&format!("{at}.{key}"), only_for(key, "yes_no"));
                }
            }
        }
        if !matches!(raw.kind, Kind::Choice | Kind::Multi) && raw.options.is_some() {
            self.error(
                &format!("{at}.options"),
                only_for("options", "choice and multi"),
            );
        }
        if raw.kind != Kind::Scale && raw.scale.is_some() {
            self.error(&format!("{at}.scale"), only_for("scale", "scale"));
        }
        let answers = match raw.kind {
            Kind::YesNo => self.yes_no(&raw, at),
            Kind::Scale => self.scale(&raw, at),
            Kind::Choice | Kind::Multi => self.options(raw.options.unwrap_or_default(), at),
        };
        if answers
            .iter()
            .any(|a| a.score.unsigned_abs() > MAX_NUMBER.unsigned_abs())
        {
            self.error(at, format!("scores stay within ±{MAX_NUMBER}"));
        }
        let show_if = self.show_if(raw.show_if.unwrap_or_default(), at, asked);
        asked.insert(
            raw.id.clone(),
            answers.iter().map(|a| a.id.clone()).collect(),
        );
        Some(Question {
            id: raw.id,
            text: raw.text,
            help: raw.help,
            kind: raw.kind,
            weight: raw.weight,
            answers,
            show_if,
        })
    }

    fn yes_no(&mut self, raw: &RawQuestion, at: &str) -> Vec<Answer> {
        let answer = |id: &str, spec: &Option<RawYesNo>, default_score: i64| {
            let (score, flag, dealbreaker) = match spec {
                None => (default_score, None, false),
                Some(RawYesNo::Score(s)) => (*s, None, false),
                Some(RawYesNo::Full(a)) => (a.score, a.flag.clone(), a.dealbreaker),
            };
            Answer {
                id: id.to_string(),
                label: id.to_string(),
                caption: None,
                score,
                flag,
                dealbreaker,
            }
        };
        let mut answers = vec![answer("yes", &raw.yes, 1), answer("no", &raw.no, 0)];
        if let Some(AnswerId(which)) = &raw.dealbreaker {
            match answers.iter_mut().find(|a| &a.id == which) {
                Some(a) => a.dealbreaker = true,
                None => {
                    self.error(
                        &format!("{at}.dealbreaker"),
                        format!("`dealbreaker: {which}` names no answer"),
                    )
                    .hint = Some("a yes_no question's answers are `yes` and `no`".into());
                }
            }
        }
        answers
    }

    fn scale(&mut self, raw: &RawQuestion, at: &str) -> Vec<Answer> {
        let Some(scale) = &raw.scale else {
            self.error(at, "a scale question needs `scale: { min: 1, max: 5 }`");
            return Vec::new();
        };
        if scale.min.unsigned_abs() > MAX_NUMBER.unsigned_abs()
            || scale.max.unsigned_abs() > MAX_NUMBER.unsigned_abs()
        {
            self.error(
                &format!("{at}.scale"),
                format!("a scale's numbers stay within ±{MAX_NUMBER}"),
            );
            return Vec::new();
        }
        if scale.min >= scale.max {
            self.error(
                &format!("{at}.scale.max"),
                format!(
                    "the scale's max ({}) must be above its min ({})",
                    scale.max, scale.min
                ),
            );
            return Vec::new();
        }
        if scale.max - scale.min + 1 > MAX_SCALE_POINTS {
            self.error(
                &format!("{at}.scale"),
                format!("a scale has at most {MAX_SCALE_POINTS} points"),
            );
            return Vec::new();
        }
        for value in scale.labels.keys() {
            if !(scale.min..=scale.max).contains(value) {
                self.error(
                    &format!("{at}.scale.labels"),
                    format!("the label for {value} is outside the scale"),
                );
            }
        }
        (scale.min..=scale.max)
            .map(|value| Answer {
                id: value.to_string(),
                label: value.to_string(),
                caption: scale.labels.get(&value).cloned(),
                score: value,
                flag: None,
                dealbreaker: false,
            })
            .collect()
    }

    fn options(&mut self, options: Vec<RawOption>, at: &str) -> Vec<Answer> {
        if options.is_empty() {
            self.error(at, "this question needs `options:`");
        }
        let mut seen = HashSet::new();
        let mut answers = Vec::new();
        for (k, option) in options.into_iter().enumerate() {
            let id = option
                .id
                .map_or_else(|| slugify(&option.label), |AnswerId(id)| id);
            let here = format!("{at}.options[{k}]");
            if id.is_empty() {
                self.error(
                    &here,
                    "this option needs an `id:` (its label gives an empty one)",
                );
                continue;
            }
            if !seen.insert(id.clone()) {
                self.error(
                    &format!("{here}.id"),
                    format!("there is already an option `{id}` in this question"),
                )
                .hint = Some("give one of them a different `id:`".into());
                continue;
            }
            answers.push(Answer {
                id,
                label: option.label,
                caption: None,
                score: option.score,
                flag: option.flag,
                dealbreaker: option.dealbreaker,
            });
        }
        answers
    }

    fn show_if(
        &mut self,
        raw: std::collections::BTreeMap<String, crate::checklist::raw::OneOrMany>,
        at: &str,
        asked: &HashMap<String, Vec<String>>,
    ) -> Vec<Condition> {
        let mut conditions = Vec::new();
        for (question, values) in raw {
            let here = format!("{at}.show_if.{question}");
            let Some(answers) = asked.get(&question) else {
                let earlier: Vec<&str> = asked.keys().map(String::as_str).collect();
                let hint = hint_for(&question, &earlier);
                self.error(
                    &here,
                    format!("`show_if` names `{question}`, which is not an earlier question"),
                )
                .hint = Some(hint);
                continue;
            };
            let values = values.into_vec();
            if values.is_empty() {
                self.error(&here, format!("`show_if` lists no answer of `{question}`, so this question would never be asked"));
                continue;
            }
            let mut any_of = Vec::new();
            for AnswerId(value) in values {
                if answers.contains(&value) {
                    any_of.push(value);
                } else {
                    let ids: Vec<&str> = answers.iter().map(String::as_str).collect();
                    let hint = hint_for(&value, &ids);
                    self.error(&here, format!("`{question}` has no answer `{value}`"))
                        .hint = Some(hint);
                }
            }
            conditions.push(Condition { question, any_of });
        }
        conditions
    }
}
