//! What a checklist page needs beyond an article's: the Markdown of its YAML
//! fields (intro, question help, result bodies) rendered with links checked
//! like an article's and problems placed at the field, and the origins its
//! answers may be sent to.

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, AnchorLink, LinkTargets};
use crate::yaml::Positions;

/// Renders the Markdown fields of one checklist page, keeping what they leave.
pub(super) struct Fields<'p> {
    page: &'p Page,
    targets: &'p LinkTargets,
    /// The page's file, relative to `content/`.
    content_rel: &'p str,
    /// Where each field is written, read the first time one has a problem.
    positions: Option<Positions>,
    /// Problems found in the fields, at the line of each.
    pub problems: Vec<Diagnostic>,
    /// Links to headings written in the fields, checked once every page is rendered.
    pub links: Vec<AnchorLink>,
}

impl<'p> Fields<'p> {
    pub(super) fn new(page: &'p Page, targets: &'p LinkTargets, content_rel: &'p str) -> Self {
        Fields {
            page,
            targets,
            content_rel,
            positions: None,
            problems: Vec::new(),
            links: Vec::new(),
        }
    }

    /// The HTML of `text`, the field at YAML path `at` (`results[2].body`).
    pub(super) fn render(&mut self, text: &str, at: &str) -> String {
        let page = self.page;
        let (html, messages, links) =
            markdown::render_field(text, page, self.targets, self.content_rel);
        if messages.is_empty() && links.is_empty() {
            return html;
        }
        let positions = self
            .positions
            .get_or_insert_with(|| Positions::of(&page.text, 1));
        let (line, column) = positions.get(at).unwrap_or((1, 1));
        for message in messages {
            self.problems
                .push(Diagnostic::error(&page.source, line, column, message));
        }
        for (target, id) in links {
            self.links.push(AnchorLink {
                source: page.source.clone(),
                line,
                column,
                target,
                id,
            });
        }
        html
    }
}

/// The origins a page's answers may be sent to, which its
/// Content-Security-Policy allows: those of the checklists it shows in its
/// text (`embedded`), then its own checklist's.
pub(super) fn send_origins(page: &Page, site: &Site, embedded: Vec<String>) -> String {
    let mut origins = embedded;
    if let Some(origin) = page
        .checklist
        .as_deref()
        .and_then(|c| c.destination(&site.config.author.email).origin())
    {
        origins.push(origin.to_string());
    }
    origins.join(" ")
}
