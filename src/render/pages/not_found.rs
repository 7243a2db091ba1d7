//! The 404 page of a language, shown by servers at any missing address.

use super::{kind_page, LanguageView};
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::render::context::{PageContext, PageInfo};
use crate::render::render_template;
use crate::render::theme::Theme;

impl<'a> LanguageView<'a> {
    pub fn render_not_found(&self, site: &'a Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
        let prefix = &self.language.home.url_path;
        // Servers show 404.html at any missing address, however deep: with a
        // base_url its links can be absolute and work from everywhere.
        let root = match &site.config.base_url {
            Some(base) => base.0.clone(),
            None => "../".repeat(prefix.matches('/').count()),
        };
        let title = self.word("not_found_title", "Page not found");
        let context = PageContext {
            page: PageInfo {
                url: "404.html".to_string(),
                ..kind_page("404", &title, site, self, true)
            },
            // A "not found" page has no address of its own to declare.
            canonical: String::new(),
            ..self.generated_context(site, &root, "\0", PageInfo::default())
        };
        render_template(theme, "404.html", &context)
    }
}
