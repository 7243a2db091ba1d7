//! A checklist's translation may change its words only: the same ids, kinds,
//! weights, scores, conditions and results as the original, so that a share
//! link made in one language opens the same answers in another and scores the
//! same.

use super::{Answer, Checklist, Kind, Question};

/// One way a translation departs from its original: where in the
/// translation's YAML (`sections[0].questions[2].weight`) and what differs.
pub struct Difference {
    pub at: String,
    pub message: String,
}

/// Every structural difference of `translation` from `original`.
pub fn differences(original: &Checklist, translation: &Checklist) -> Vec<Difference> {
    let mut found = Found::default();
    found.differ(
        "id".into(),
        "the checklist's id".into(),
        quoted(&original.id),
        quoted(&translation.id),
    );
    found.differ(
        "audience".into(),
        "`audience`".into(),
        format!("{:?}", original.audience).to_lowercase(),
        format!("{:?}", translation.audience).to_lowercase(),
    );
    found.differ(
        "dealbreaker_result".into(),
        "`dealbreaker_result`".into(),
        optional(&original.dealbreaker_result),
        optional(&translation.dealbreaker_result),
    );
    found.lists(original, translation);
    let pairs = original
        .sections
        .iter()
        .zip(&translation.sections)
        .enumerate()
        .flat_map(|(i, (a, b))| {
            a.questions
                .iter()
                .zip(&b.questions)
                .enumerate()
                .map(move |(j, pair)| (i, j, pair))
        });
    for (i, j, (a, b)) in pairs {
        let at = match translation.has_sections {
            true => format!("sections[{i}].questions[{j}]"),
            false => format!("questions[{j}]"),
        };
        found.question(&at, a, b);
    }
    let results = |c: &Checklist| {
        c.results
            .iter()
            .map(|r| format!("{} from {}%", quoted(&r.id), r.min))
            .collect::<Vec<_>>()
            .join(", ")
    };
    found.differ(
        "results".into(),
        "the list of results".into(),
        results(original),
        results(translation),
    );
    found.0
}

/// The differences found so far.
#[derive(Default)]
struct Found(Vec<Difference>);

impl Found {
    /// Notes a difference at `at` when the original's `theirs` is not `ours`.
    fn differ(&mut self, at: String, what: String, theirs: String, ours: String) {
        if theirs != ours {
            self.0.push(Difference {
                at,
                message: format!("{what} is {ours} here but {theirs} in the original"),
            });
        }
    }

    /// The lists of sections and of questions, by their ids.
    fn lists(&mut self, original: &Checklist, translation: &Checklist) {
        let ids = |c: &Checklist| {
            c.questions()
                .map(|q| quoted(&q.id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let sections = |c: &Checklist| {
            c.sections
                .iter()
                .map(|s| quoted(&s.id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let first_list = if translation.has_sections {
            "sections"
        } else {
            "questions"
        };
        self.differ(
            first_list.into(),
            "the list of sections".into(),
            sections(original),
            sections(translation),
        );
        self.differ(
            first_list.into(),
            "the list of questions".into(),
            ids(original),
            ids(translation),
        );
    }

    /// One question `b` of the translation, at `at`, against the original's `a`.
    fn question(&mut self, at: &str, a: &Question, b: &Question) {
        let name = format!("question `{}`", b.id);
        self.differ(
            format!("{at}.kind"),
            format!("the kind of {name}"),
            kind(a.kind).into(),
            kind(b.kind).into(),
        );
        self.differ(
            format!("{at}.weight"),
            format!("the weight of {name}"),
            a.weight.to_string(),
            b.weight.to_string(),
        );
        self.differ(
            format!("{at}.show_if"),
            format!("the `show_if` of {name}"),
            conditions(a),
            conditions(b),
        );
        if a.kind != b.kind {
            return;
        }
        self.differ(
            answers_at(at, b.kind),
            format!("the answers of {name}"),
            answer_ids(a),
            answer_ids(b),
        );
        for (k, (x, y)) in a.answers.iter().zip(&b.answers).enumerate() {
            let at = answer_at(at, b.kind, k, y);
            let answer = format!("answer `{}` of {name}", y.id);
            self.differ(
                format!("{at}.score"),
                format!("the score of {answer}"),
                x.score.to_string(),
                y.score.to_string(),
            );
            self.differ(
                format!("{at}.dealbreaker"),
                format!("`dealbreaker` of {answer}"),
                x.dealbreaker.to_string(),
                y.dealbreaker.to_string(),
            );
            self.differ(
                format!("{at}.flag"),
                format!("whether {answer} raises a flag"),
                yes(x.flag.is_some()),
                yes(y.flag.is_some()),
            );
        }
    }
}

fn quoted(text: &str) -> String {
    format!("`{text}`")
}

fn optional(text: &Option<String>) -> String {
    text.as_deref().map_or_else(|| "not set".into(), quoted)
}

fn yes(value: bool) -> String {
    if value { "yes" } else { "no" }.into()
}

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::YesNo => "`yes_no`",
        Kind::Choice => "`choice`",
        Kind::Multi => "`multi`",
        Kind::Scale => "`scale`",
    }
}

fn conditions(question: &Question) -> String {
    if question.show_if.is_empty() {
        return "not set".into();
    }
    question
        .show_if
        .iter()
        .map(|c| format!("`{}` in [{}]", c.question, c.any_of.join(", ")))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn answer_ids(question: &Question) -> String {
    question
        .answers
        .iter()
        .map(|a| quoted(&a.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a question's answers are written in its YAML.
fn answers_at(question: &str, kind: Kind) -> String {
    match kind {
        Kind::Choice | Kind::Multi => format!("{question}.options"),
        Kind::Scale => format!("{question}.max"),
        Kind::YesNo => question.to_string(),
    }
}

/// Where one answer is written: an option, `yes:`/`no:`, or the scale itself.
fn answer_at(question: &str, kind: Kind, index: usize, answer: &Answer) -> String {
    match kind {
        Kind::Choice | Kind::Multi => format!("{question}.options[{index}]"),
        Kind::YesNo => format!("{question}.{}", answer.id),
        Kind::Scale => question.to_string(),
    }
}
