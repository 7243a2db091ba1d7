//! Shortcodes: what a playbook's Markdown needs beyond Markdown, written on a
//! paragraph of their own.
//!
//! - `{{ cta(url="../checklists/are-we-a-fit.yaml", label="Take the test") }}`:
//!   a call-to-action button;
//! - `{% cta(url="mailto:hello@example.com", label="Write to us") %}` … `{% end %}`:
//!   the same, after a few lines of Markdown, in a box;
//! - `{% aside(title="In short", kind="tip") %}` … `{% end %}`: a note set
//!   apart from the text (`kind`: `note`, the default, `tip` or `warning`);
//! - `{{ checklist(id="are-we-a-fit") }}`: a checklist of the site, working in
//!   place (`render/embed.rs` finds it and renders it).
//!
//! Anything else between `{{ }}` or `{% %}` is an error at its place.

use crate::diagnostics::did_you_mean;

/// The shortcodes there are.
const KNOWN: [&str; 3] = ["aside", "checklist", "cta"];

/// One shortcode paragraph.
#[derive(Debug, PartialEq)]
pub enum Shortcode {
    /// `{{ name(…) }}`: complete in itself.
    Single(Call),
    /// `{% name(…) %}`: Markdown follows, up to `{% end %}`.
    Open(Call),
    /// `{% end %}`.
    End,
}

/// A shortcode's name and arguments.
#[derive(Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, String)>,
}

impl Call {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a paragraph's source: `None` when it is not a shortcode at all, an
/// error message when it looks like one but is not right.
pub fn parse(paragraph: &str) -> Option<Result<Shortcode, String>> {
    let text = paragraph.trim();
    let (inner, body) = if let Some(inner) = text.strip_prefix("{{") {
        (inner.strip_suffix("}}"), false)
    } else if let Some(inner) = text.strip_prefix("{%") {
        (inner.strip_suffix("%}"), true)
    } else {
        return None;
    };
    let Some(inner) = inner.map(str::trim).filter(|i| !i.contains('\n')) else {
        return Some(Err(
            "a shortcode stands alone on its line, with a blank line before and after it".into(),
        ));
    };
    if body && inner == "end" {
        return Some(Ok(Shortcode::End));
    }
    Some(call(inner).and_then(|call| match body {
        true if call.name == "checklist" => Err(format!(
            "a checklist has no text of its own: write `{{{{ {inner} }}}}`, without `{{% end %}}`"
        )),
        true => Ok(Shortcode::Open(call)),
        false => Ok(Shortcode::Single(call)),
    }))
}

/// `name(key="value", other='value')`.
fn call(text: &str) -> Result<Call, String> {
    let open = text
        .find('(')
        .filter(|_| text.ends_with(')'))
        .ok_or_else(|| format!("write the shortcode as `name(key=\"value\")`, not `{text}`"))?;
    let name = text[..open].trim().to_string();
    if !KNOWN.contains(&name.as_str()) {
        let mut message = format!(
            "unknown shortcode `{name}`: the shortcodes are `aside`, `checklist` and `cta`"
        );
        if let Some(near) = did_you_mean(&name, &KNOWN) {
            message = format!("unknown shortcode `{name}`: did you mean `{near}`?");
        }
        return Err(message);
    }
    let mut args = Vec::new();
    let mut rest = text[open + 1..text.len() - 1].trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("`{rest}`: arguments are written `key=\"value\"`"))?;
        let after = after.trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| format!("the value of `{}` needs quotes", key.trim()))?;
        let end = after[1..]
            .find(quote)
            .ok_or_else(|| format!("the value of `{}` has no closing quote", key.trim()))?;
        args.push((key.trim().to_string(), after[1..1 + end].to_string()));
        rest = after[end + 2..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    let allowed: &[&str] = match name.as_str() {
        "cta" => &["url", "label"],
        "checklist" => &["id"],
        _ => &["title", "kind"],
    };
    for (key, value) in &args {
        if !allowed.contains(&key.as_str()) {
            return Err(format!(
                "`{name}` takes {}, not `{key}`",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        }
        if key == "kind" && !["note", "tip", "warning"].contains(&value.as_str()) {
            return Err(format!(
                "`kind=\"{value}\"`: an aside is a `note`, a `tip` or a `warning`"
            ));
        }
    }
    if name == "cta" {
        for key in ["url", "label"] {
            if args.iter().all(|(k, v)| k != key || v.trim().is_empty()) {
                return Err(format!("`cta` needs `{key}=\"…\"`"));
            }
        }
    }
    if name == "checklist" && args.iter().all(|(k, v)| k != "id" || v.trim().is_empty()) {
        return Err(
            "`checklist` needs `id=\"…\"`: the checklist's file name without `.yaml`".into(),
        );
    }
    Ok(Call { name, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_are_read_with_their_arguments() {
        let Some(Ok(Shortcode::Single(call))) =
            parse(r#"{{ cta(url="../a.md", label='Book a call, now') }}"#)
        else {
            panic!()
        };
        assert_eq!(call.name, "cta");
        assert_eq!(call.arg("url"), Some("../a.md"));
        assert_eq!(call.arg("label"), Some("Book a call, now"));
        let Some(Ok(Shortcode::Single(call))) = parse(r#"{{ checklist(id="are-we-a-fit") }}"#)
        else {
            panic!()
        };
        assert_eq!(call.arg("id"), Some("are-we-a-fit"));
        assert!(matches!(
            parse("{% aside() %}"),
            Some(Ok(Shortcode::Open(_)))
        ));
        assert_eq!(parse("{% end %}"), Some(Ok(Shortcode::End)));
        assert_eq!(parse("Just a paragraph."), None);
    }

    #[test]
    fn mistakes_are_named() {
        let error = |text: &str| parse(text).unwrap().unwrap_err();
        assert_eq!(
            error("{{ chekclist(id=\"fit\") }}"),
            "unknown shortcode `chekclist`: did you mean `checklist`?"
        );
        assert_eq!(
            error("{{ quiz(id=\"fit\") }}"),
            "unknown shortcode `quiz`: the shortcodes are `aside`, `checklist` and `cta`"
        );
        assert_eq!(
            error("{{ checklist() }}"),
            "`checklist` needs `id=\"…\"`: the checklist's file name without `.yaml`"
        );
        assert_eq!(
            error("{{ checklist(name=\"fit\") }}"),
            "`checklist` takes `id`, not `name`"
        );
        assert!(
            error("{% checklist(id=\"fit\") %}").contains("write `{{ checklist(id=\"fit\") }}`")
        );
        assert_eq!(
            error("{% asid() %}"),
            "unknown shortcode `asid`: did you mean `aside`?"
        );
        assert_eq!(error("{{ cta(url=\"x\") }}"), "`cta` needs `label=\"…\"`");
        assert_eq!(
            error("{{ cta(url=\"\", label=\"Go\") }}"),
            "`cta` needs `url=\"…\"`"
        );
        assert_eq!(
            error("{{ cta(url=x, label=\"y\") }}"),
            "the value of `url` needs quotes"
        );
        assert!(error("{% aside(kind=\"fun\") %}").contains("a `note`, a `tip` or a `warning`"));
        assert!(error("{{ cta(url=\"x\", label=\"y\") }}\nmore text").contains("stands alone"));
    }
}
