//! Where each value of a YAML document is, from saphyr's located events.
//!
//! serde_yaml says where a syntax error is, but places a value it read and then
//! rejected at its enclosing mapping; messages about values use these positions
//! instead.

use saphyr_parser::{Event, Parser};
use std::collections::HashMap;

/// Where each value of a YAML document is, by its path: `title`, `author.name`,
/// `tags[1]`, `sections[0].questions[2].id`.
pub struct Positions {
    values: HashMap<String, (usize, usize)>,
    /// Where the keys of mappings are, by the path of their value.
    keys: HashMap<String, (usize, usize)>,
}

/// One step of a path into a document.
enum Step {
    Key(String),
    Index(usize),
}

/// A container being walked, with the state of its next entry.
enum Frame {
    /// In a mapping: the key whose value comes next, if it was read.
    Mapping(Option<String>),
    Sequence(usize),
}

impl Positions {
    /// Reads the positions of `text`, which starts on line `first_line` of its file.
    /// A document with a syntax error gives the positions found before it.
    pub fn of(text: &str, first_line: usize) -> Positions {
        let mut values = HashMap::new();
        let mut keys = HashMap::new();
        let mut frames: Vec<Frame> = Vec::new();
        let mut path: Vec<Step> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let at = (span.start.line() + first_line - 1, span.start.col() + 1);
            if super::scan::starts_node(&event) {
                // A scalar where a mapping expects a key is that key, not a value.
                if let (Some(Frame::Mapping(key @ None)), Event::Scalar(text, ..)) =
                    (frames.last_mut(), &event)
                {
                    *key = Some(text.to_string());
                    path.push(Step::Key(text.to_string()));
                    keys.insert(render_path(&path), at);
                    path.pop();
                    continue;
                }
                match frames.last_mut() {
                    Some(Frame::Mapping(key)) => {
                        path.push(Step::Key(key.take().unwrap_or_default()))
                    }
                    Some(Frame::Sequence(i)) => {
                        path.push(Step::Index(*i));
                        *i += 1;
                    }
                    None => {}
                }
                values.insert(render_path(&path), at);
            }
            match event {
                Event::MappingStart(..) => frames.push(Frame::Mapping(None)),
                Event::SequenceStart(..) => frames.push(Frame::Sequence(0)),
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                }
                _ => {}
            }
            let finished_node = matches!(
                event,
                Event::Scalar(..) | Event::Alias(..) | Event::MappingEnd | Event::SequenceEnd
            );
            if finished_node && !frames.is_empty() {
                path.pop();
            }
        }
        Positions { values, keys }
    }

    /// Every value's path and position, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, (usize, usize))> {
        self.values.iter().map(|(path, at)| (path.as_str(), *at))
    }

    /// The (line, column) of the key of the value at `path`.
    pub fn key(&self, path: &str) -> Option<(usize, usize)> {
        self.keys.get(path).copied()
    }

    /// The (line, column) of the value at `path`.
    pub fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.values.get(path).copied()
    }
}

fn render_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}
