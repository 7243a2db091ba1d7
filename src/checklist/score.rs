//! The scoring rules, once, as the reference (the contract's "Scoring").
//!
//! The page's script (`themes/default/static/checklist.js`) implements the same
//! rules; `tests/vectors/scoring.json` runs through both, so they cannot drift.
//!
//! - Only visible questions count: a question is visible when every `show_if`
//!   condition holds, looking only at answers to visible questions.
//! - A question's points are its weight times the chosen answer's score (multi:
//!   the sum of the chosen ones); its maximum is its weight times its best
//!   possible answer, never below 0 (multi: the sum of the positive scores).
//! - percent = floor(100 × points / maximum), 0 when the maximum is 0.
//! - Once every visible question is answered, the result is the dealbreaker
//!   result if a chosen answer is a dealbreaker, else the first result whose
//!   `min` is at most the percent (a negative percent falls into the last one).

use super::{Checklist, Kind, Question};
use std::collections::HashMap;

/// A person's answers: question id → the ids of the chosen answers.
pub type Answers = HashMap<String, Vec<String>>;

/// Points, maximum and percent of a checklist or of one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    pub points: i64,
    pub max: i64,
    pub percent: i64,
}

/// Everything the page shows for a set of answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    pub total: Figures,
    /// Per section id, in order; empty for a checklist without sections.
    pub sections: Vec<(String, Figures)>,
    /// Visible questions with an answer.
    pub answered: usize,
    /// Questions currently asked.
    pub visible: usize,
    /// The result's id, once every visible question is answered.
    pub result: Option<String>,
    /// The flags of the chosen answers of visible questions, in question order.
    pub flags: Vec<String>,
    /// Ids of the questions hidden by `show_if`.
    pub hidden: Vec<String>,
}

/// Scores `answers` on `checklist`. Unknown questions and answers are ignored.
pub fn score(checklist: &Checklist, answers: &Answers) -> Outcome {
    // The answers that count: known ids only, one for single-answer questions.
    let mut chosen: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut hidden = Vec::new();
    let mut dealbreaker = false;
    let mut flags = Vec::new();
    let mut total = Tally::default();
    let mut sections = Vec::new();
    let mut answered = 0;
    let mut visible = 0;
    for section in &checklist.sections {
        let mut tally = Tally::default();
        for question in &section.questions {
            if !is_visible(question, &chosen) {
                hidden.push(question.id.clone());
                continue;
            }
            visible += 1;
            let picks = picks(question, answers.get(&question.id));
            if !picks.is_empty() {
                answered += 1;
            }
            let points: i64 = picks.iter().map(|&i| question.answers[i].score).sum();
            tally.add(question.weight * points, question.max_points());
            for &i in &picks {
                let answer = &question.answers[i];
                dealbreaker |= answer.dealbreaker;
                flags.extend(answer.flag.clone());
            }
            let ids = picks
                .iter()
                .map(|&i| question.answers[i].id.as_str())
                .collect();
            chosen.insert(&question.id, ids);
        }
        total.add(tally.points, tally.max);
        if checklist.has_sections {
            sections.push((section.id.clone(), tally.figures()));
        }
    }
    let total = total.figures();
    let result =
        (answered == visible).then(|| match (&checklist.dealbreaker_result, dealbreaker) {
            (Some(id), true) => id.clone(),
            _ => checklist
                .results
                .iter()
                .find(|b| b.min <= total.percent)
                .or(checklist.results.last())
                .map(|b| b.id.clone())
                .unwrap_or_default(),
        });
    Outcome {
        total,
        sections,
        answered,
        visible,
        result,
        flags,
        hidden,
    }
}

#[derive(Default)]
struct Tally {
    points: i64,
    max: i64,
}

impl Tally {
    fn add(&mut self, points: i64, max: i64) {
        self.points += points;
        self.max += max;
    }

    fn figures(&self) -> Figures {
        let percent = if self.max > 0 {
            (100 * self.points).div_euclid(self.max)
        } else {
            0
        };
        Figures {
            points: self.points,
            max: self.max,
            percent,
        }
    }
}

/// Whether every condition of `question` holds on the answers chosen so far
/// (only visible questions are in `chosen`, so a hidden one hides its dependents).
fn is_visible(question: &Question, chosen: &HashMap<&str, Vec<&str>>) -> bool {
    question.show_if.iter().all(|condition| {
        chosen.get(condition.question.as_str()).is_some_and(|ids| {
            ids.iter()
                .any(|id| condition.any_of.iter().any(|a| a == id))
        })
    })
}

/// Indexes of the known answers chosen for `question`: at most one, unless multi.
fn picks(question: &Question, given: Option<&Vec<String>>) -> Vec<usize> {
    let mut picks = Vec::new();
    for id in given.into_iter().flatten() {
        if let Some(i) = question.answers.iter().position(|a| &a.id == id) {
            if !picks.contains(&i) {
                picks.push(i);
            }
        }
        if question.kind != Kind::Multi && !picks.is_empty() {
            break;
        }
    }
    // In page order, whatever order the answers came in: flags list that way.
    picks.sort_unstable();
    picks
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    #[derive(serde::Deserialize)]
    struct Vectors {
        checklists: BTreeMap<String, String>,
        cases: Vec<Case>,
    }

    #[derive(serde::Deserialize)]
    struct Case {
        name: String,
        checklist: String,
        answers: Answers,
        expect: Expect,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Expect {
        points: i64,
        max: i64,
        percent: i64,
        answered: usize,
        visible: usize,
        result: Option<String>,
        flags: Vec<String>,
        hidden: Vec<String>,
        sections: BTreeMap<String, [i64; 3]>,
    }

    #[test]
    fn the_shared_vectors_hold() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let vectors: Vectors =
            serde_json::from_str(include_str!("../../tests/vectors/scoring.json"))
                .expect("vectors parse");
        let checklists: BTreeMap<String, Checklist> = vectors
            .checklists
            .iter()
            .map(|(name, file)| {
                let path = root.join(file);
                let text = std::fs::read_to_string(&path).unwrap();
                let (checklist, _) = super::super::validate::load(&text, &path, name)
                    .unwrap_or_else(|problems| panic!("{file}: {problems:?}"));
                (name.clone(), checklist)
            })
            .collect();
        assert!(vectors.cases.len() >= 10);
        for case in vectors.cases {
            let outcome = score(&checklists[&case.checklist], &case.answers);
            let got = Expect {
                points: outcome.total.points,
                max: outcome.total.max,
                percent: outcome.total.percent,
                answered: outcome.answered,
                visible: outcome.visible,
                result: outcome.result,
                flags: outcome.flags,
                hidden: outcome.hidden,
                sections: outcome
                    .sections
                    .into_iter()
                    .map(|(id, f)| (id, [f.points, f.max, f.percent]))
                    .collect(),
            };
            assert_eq!(got, case.expect, "case: {}", case.name);
        }
    }
}
