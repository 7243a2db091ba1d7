//! Where the answers go: `send_to` is an address or a secure endpoint, and
//! the contact fields a prospect is offered or asked for.

use super::Check;
use crate::checklist::raw::RawContact;
use crate::checklist::{Audience, Contact, ContactField};

impl Check<'_> {
    /// `send_to`: one plain e-mail address, which the page puts in a mailto:
    /// link as it is, or one form endpoint: `https://`, or `http://` on this
    /// machine only (for trying an endpoint out).
    pub(super) fn send_to(&mut self, send_to: &str) {
        let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c);
        if let Some(rest) = send_to.strip_prefix("http://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
            if !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
                self.error("send_to", format!("`{send_to}` is not a secure address"))
                    .hint = Some("a form endpoint must start with https:// (http:// is only for localhost and 127.0.0.1, for testing)".into());
                return;
            }
        }
        if let Some(rest) = send_to
            .strip_prefix("https://")
            .or_else(|| send_to.strip_prefix("http://"))
        {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if host.is_empty() || host.contains('@') || send_to.contains(unsafe_char) {
                self.error("send_to", format!("`{send_to}` is not a form endpoint's address"))
                    .hint = Some("write the URL your form service gives you, such as https://formspree.io/f/abcdwxyz".into());
            }
            return;
        }
        let plain = send_to
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            && !send_to.contains(|c: char| c.is_whitespace() || "?&%,;:<>\"'()[]\\".contains(c));
        if !plain {
            self.error(
                "send_to",
                format!("`{send_to}` is not one plain e-mail address or an https:// endpoint"),
            )
            .hint = Some("write a single address such as hello@example.com, or a form endpoint's https:// URL".into());
        }
    }

    /// `contact:`: the fields offered before sending; a required one must be
    /// offered. By default a prospect is asked for all three, a practice's own
    /// team (who fills it in about a client) for none.
    pub(super) fn contact(&mut self, raw: Option<RawContact>, audience: Audience) -> Contact {
        let Some(raw) = raw else {
            return match audience {
                Audience::Prospect => Contact::default(),
                Audience::Practice => Contact {
                    ask: Vec::new(),
                    required: Vec::new(),
                },
            };
        };
        let mut ask: Vec<ContactField> = Vec::new();
        for (i, field) in raw.ask.into_iter().enumerate() {
            if ask.contains(&field) {
                self.error(
                    &format!("contact.ask[{i}]"),
                    format!("`{}` is asked for twice", field.name()),
                );
            } else {
                ask.push(field);
            }
        }
        let mut required: Vec<ContactField> = Vec::new();
        for (i, field) in raw.required.into_iter().enumerate() {
            if !ask.contains(&field) {
                self.error(
                    &format!("contact.required[{i}]"),
                    format!("`{}` is required but not asked for", field.name()),
                )
                .hint = Some(format!("add `{}` to `contact.ask`", field.name()));
            } else if !required.contains(&field) {
                required.push(field);
            }
        }
        Contact { ask, required }
    }
}
