//! Reading `content/` into the site model: scan the folder, read and parse every
//! Markdown file in parallel, then place each page in its language, section and
//! reading order. Every problem found is collected, none stops the others.

use super::order::{order_key, sort_pages};
use super::{
    front_matter::FrontMatter, rel_string, source, title_from_name, Asset, Language, LoadOptions,
    Page, PageKind, Section, Site,
};
use crate::config::{LanguageCode, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

/// A Markdown file read and parsed, before it finds its place in the tree.
#[derive(Clone)]
struct SourceFile {
    path: PathBuf,
    /// Relative to `content/`, with `/`.
    rel: String,
    /// The section folder it is in, if any.
    folder: Option<String>,
    /// File name without language suffix and extension.
    name: String,
    lang: String,
    front: FrontMatter,
    text: String,
    body_start: usize,
    word_count: usize,
    checklist: Option<Box<crate::checklist::Checklist>>,
    /// Mistakes in a file that still makes a page: a front matter read
    /// leniently, so the page's links and headings take part in the checks.
    problems: Vec<Diagnostic>,
}

impl SourceFile {
    fn is_index(&self) -> bool {
        self.name == "_index"
    }
}

/// Sources parsed by earlier loads, for the dev server: a file whose size and
/// modification time have not changed since, and which no change event named,
/// is neither read nor parsed again.
#[derive(Default)]
pub struct SourceCache {
    files: Mutex<HashMap<PathBuf, (Stamp, SourceFile)>>,
    /// The site's languages when the files were parsed: they decide what a
    /// `.it.md` suffix means.
    languages: Mutex<Vec<String>>,
}

/// What says a file is the one read last time without reading it.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

impl SourceCache {
    fn get(&self, path: &Path, stamp: Stamp) -> Option<SourceFile> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .get(path)
            .filter(|(kept, _)| *kept == stamp)
            .map(|(_, file)| file.clone())
    }

    fn put(&self, stamp: Stamp, file: &SourceFile) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(file.path.clone(), (stamp, file.clone()));
    }

    /// The file at `path` as it was parsed last.
    fn last_parsed(&self, path: &Path) -> Option<SourceFile> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(path).map(|(_, file)| file.clone())
    }

    /// Forgets the files at `paths` (named by change events: a file rewritten
    /// with the same size within the clock's resolution looks unchanged).
    pub fn forget(&self, paths: &[PathBuf]) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        for path in paths {
            files.remove(path);
        }
    }

    /// Forgets files that are no longer there (a deleted or renamed folder).
    fn keep_only(&self, paths: &[PathBuf]) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files.len() > paths.len() {
            let present: HashSet<&PathBuf> = paths.iter().collect();
            files.retain(|path, _| present.contains(path));
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Forgets everything when the site's languages are not those of last time.
    fn check_languages(&self, config: &SiteConfig) {
        let now: Vec<String> = config.all_languages().map(str::to_string).collect();
        let mut languages = self.languages.lock().unwrap_or_else(|e| e.into_inner());
        if *languages != now {
            self.clear();
            *languages = now;
        }
    }
}

/// What [`reload_page`] did.
pub enum Reloaded {
    /// The file changed, but nothing that places the page: here is the old page.
    Replaced(Box<Page>),
    /// Its title, address, order, status, aliases or checklist id changed, or
    /// it is not a page the site shows: load the whole site again.
    Moved,
    /// The file no longer reads or parses.
    Failed(Vec<Diagnostic>),
}

/// Reads a page's file again and puts the page in place of its old self, when
/// nothing that decides where the page goes or what others show of its place
/// changed. The dev server's rebuild after an edit of one article.
pub fn reload_page(site: &mut Site, cache: &SourceCache, path: &Path) -> Reloaded {
    let content = site.content_dir();
    let Some(old) = cache.last_parsed(path) else {
        return Reloaded::Moved;
    };
    let stamp = stamp(path);
    let parsed = read_text(path).and_then(|text| parse_source(&content, path, &site.config, text));
    let new = match parsed {
        Ok(file) if file.problems.is_empty() => file,
        Ok(file) => return Reloaded::Failed(file.problems),
        Err(problems) => return Reloaded::Failed(problems),
    };
    if placement(&old) != placement(&new) {
        return Reloaded::Moved;
    }
    if let Some(stamp) = stamp {
        cache.put(stamp, &new);
    }
    let Some(page) = site.page_mut(path) else {
        return Reloaded::Moved;
    };
    let mut front = new.front;
    // An unlisted section's articles are unlisted with it.
    front.unlisted = page.front.unlisted;
    let replacement = Page {
        kind: page.kind,
        key: page.key.clone(),
        lang: page.lang.clone(),
        source: page.source.clone(),
        url_path: page.url_path.clone(),
        title: page.title.clone(),
        front,
        text: new.text,
        body_start: new.body_start,
        word_count: new.word_count,
        checklist: new.checklist,
    };
    Reloaded::Replaced(Box::new(std::mem::replace(page, replacement)))
}

/// What decides a page's place, address and status in the site, and what
/// other pages show of it besides its summary.
fn placement(file: &SourceFile) -> impl PartialEq + '_ {
    let front = &file.front;
    (
        (&front.title, &front.slug, front.weight),
        (front.draft, front.unlisted, &front.aliases),
        // Tag pages, related pages, feeds and "recently updated" follow these.
        (&front.tags, front.date, front.updated),
        file.checklist.as_ref().map(|c| &c.id),
    )
}

/// Loads the site at `root`. Returns the site (as complete as the errors allow)
/// and every problem found.
pub fn load(root: &Path, options: LoadOptions) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let config = SiteConfig::load(root).unwrap_or_else(|d| {
        diagnostics.push(d);
        SiteConfig::lenient(root)
    });
    let content = root.join("content");
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        languages: Vec::new(),
        assets: Vec::new(),
        sources: HashMap::new(),
        drafts: HashSet::new(),
        failed: HashSet::new(),
    };
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::file_error(&content, "there is no content/ folder here")
                .with_hint("run `rapport init` to start a playbook, or pass the site's folder: `rapport build path/to/site`"),
        );
        return (site, diagnostics);
    }

    let scan = scan(&content, &mut diagnostics);
    if let Some(cache) = options.cache {
        cache.check_languages(&site.config);
        cache.keep_only(&scan.pages);
    }
    let parsed: Vec<Result<SourceFile, Vec<Diagnostic>>> = scan
        .pages
        .par_iter()
        .map(|path| read_source(&content, path, &site.config, options.cache))
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(file) => {
                diagnostics.extend(file.problems.iter().cloned());
                files.push(file);
            }
            Err(problems) => {
                // Links to a file that failed to load are not broken links, and
                // its headings are unknown: its own errors say what is wrong.
                for d in &problems {
                    if let Ok(rel) = d.path.strip_prefix(&content) {
                        if site.failed.insert(rel_string(rel)) {
                            diagnostics.note(format!(
                                "{} did not load: links into it are checked once it does",
                                crate::diagnostics::display_path(&d.path).display()
                            ));
                        }
                    }
                }
                diagnostics.extend(problems);
            }
        }
    }
    if !options.drafts {
        files = leave_out_drafts(files, &mut site.drafts);
    }

    let languages: Vec<String> = site.config.all_languages().map(str::to_string).collect();
    // A translation lives at its original's address under `<lang>/`.
    let mut addresses: HashMap<String, String> = HashMap::new();
    for (i, code) in languages.iter().enumerate() {
        let prefix = if i == 0 {
            String::new()
        } else {
            format!("{code}/")
        };
        let language = assemble(
            &site.config,
            Place {
                code,
                prefix: &prefix,
                addresses: &addresses,
                drafts: &site.drafts,
            },
            &content,
            &scan.folders,
            &mut files,
            &mut diagnostics,
        );
        if i == 0 {
            addresses = language
                .pages()
                .map(|p| (p.key.clone(), p.url_path.clone()))
                .collect();
        }
        site.languages.push(language);
    }
    // A file beside its article goes where the section's pages go (its slug may
    // come from `_index.md`); a file of a section left out goes nowhere.
    let section_paths: HashMap<&str, &str> = site
        .languages
        .first()
        .map(|l| {
            l.sections
                .iter()
                .map(|s| (s.folder.as_str(), s.index.url_path.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let assets = scan
        .assets
        .into_iter()
        .filter_map(|(source, folder, name)| {
            let output = match folder {
                Some(f) => format!("{}{name}", section_paths.get(f.as_str())?),
                None => name,
            };
            Some(Asset { source, output })
        })
        .collect();
    site.assets = assets;
    check_unique_urls(&site, &mut diagnostics);
    check_unique_checklist_ids(&site, &mut diagnostics);
    check_translations(&site, &mut diagnostics);
    let sources: Vec<(String, String)> = site
        .pages()
        .filter(|page| page.source.is_file())
        .filter_map(|page| {
            let rel = page.source.strip_prefix(&content).ok()?;
            Some((rel_string(rel), page.url_path.clone()))
        })
        .collect();
    site.sources.extend(sources);
    (site, diagnostics)
}

/// What is under `content/`.
#[derive(Default)]
struct Scan {
    /// Markdown articles and YAML checklists.
    pages: Vec<PathBuf>,
    /// Section folders, sorted by name.
    folders: Vec<(String, PathBuf)>,
    /// Other files: (path, section folder, file name).
    assets: Vec<(PathBuf, Option<String>, String)>,
}

fn scan(content: &Path, diagnostics: &mut Diagnostics) -> Scan {
    let mut scan = Scan::default();
    // Symlinked folders are followed: a shared folder linked into several sites
    // is content like any other (walkdir stops at loops).
    let mut walker = WalkDir::new(content)
        .follow_links(true)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(content).to_path_buf();
                diagnostics.push(Diagnostic::file_error(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || super::is_editor_litter(&name) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let path = entry.path().to_path_buf();
        if entry.file_type().is_dir() {
            if entry.depth() == 1 {
                scan.folders.push((name, path));
            } else {
                diagnostics.push(
                    Diagnostic::file_error(&path, "folders inside a section are not supported")
                        .with_hint("sections are the folders directly under content/; move these files up one level"),
                );
                walker.skip_current_dir();
            }
            continue;
        }
        let folder = (entry.depth() == 2)
            .then(|| path.parent().and_then(Path::file_name))
            .flatten()
            .map(|f| f.to_string_lossy().to_string());
        match path.extension().and_then(|e| e.to_str()) {
            Some("md" | "yaml" | "yml") => scan.pages.push(path),
            _ => scan.assets.push((path, folder, name)),
        }
    }
    scan
}

/// Reads one page's file: a Markdown article (front matter and body) or a YAML
/// checklist (checked whole, every problem reported).
fn read_source(
    content: &Path,
    path: &Path,
    config: &SiteConfig,
    cache: Option<&SourceCache>,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let Some(cache) = cache else {
        return parse_source(content, path, config, read_text(path)?);
    };
    let stamp = stamp(path);
    if let Some(file) = stamp.and_then(|stamp| cache.get(path, stamp)) {
        return Ok(file);
    }
    let file = parse_source(content, path, config, read_text(path)?)?;
    if let Some(stamp) = stamp {
        cache.put(stamp, &file);
    }
    Ok(file)
}

fn read_text(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::file_error(path, format!("cannot read: {e}"))])?;
    source::decode_utf8(path, bytes).map_err(|d| vec![d])
}

fn parse_source(
    content: &Path,
    path: &Path,
    config: &SiteConfig,
    text: String,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let rel_path = path.strip_prefix(content).unwrap_or(path);
    let folder = (rel_path.components().count() == 2)
        .then(|| rel_path.parent().map(|p| p.to_string_lossy().to_string()))
        .flatten();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let (name, lang) = match stem.rsplit_once('.') {
        Some((name, code)) if LanguageCode::is_valid(code) => {
            if !config.all_languages().any(|l| l == code) {
                return Err(vec![Diagnostic::file_error(
                    path,
                    format!("`.{code}` names a language this site does not have"),
                )
                .with_hint(format!(
                    "add it to site.yaml (`languages: {{ {code}: {{ title: ... }} }}`), or rename the file"
                ))]);
            }
            (name.to_string(), code.to_string())
        }
        _ => (stem.clone(), config.language.0.clone()),
    };
    let is_checklist = path.extension().is_some_and(|e| e != "md");
    let mut problems = Vec::new();
    let (front, checklist, body_start, word_count) = if is_checklist {
        let (checklist, front) = crate::checklist::validate::load(&text, path, &name)?;
        (front, Some(Box::new(checklist)), text.len(), 0)
    } else {
        let split = source::split_front_matter(path, &text).map_err(|d| vec![d])?;
        let yaml = split.front_matter.unwrap_or_default();
        let mut front: FrontMatter = match split.front_matter {
            Some(yaml) => crate::yaml::parse(yaml, path, 2).unwrap_or_else(|d| {
                problems.push(d);
                crate::yaml::parse_lenient(yaml)
            }),
            None => FrontMatter::default(),
        };
        // Templates see `extra` as a map with text keys; `1: x` or `[a]: x` cannot be.
        if front.extra.keys().any(|k| !k.is_string()) {
            let (line, column) = crate::yaml::Positions::of(yaml, 2)
                .get("extra")
                .unwrap_or((2, 1));
            problems.push(
                Diagnostic::error(path, line, column, "the keys under `extra:` must be text")
                    .with_hint("write them as words, e.g. `extra: { audience: teams }`"),
            );
            front.extra.clear();
        }
        // The title's own error says what is wrong; "no title" would be a second.
        if !problems.is_empty() && front.title.is_none() {
            front.title = Some(title_from_name(&name));
        }
        let words = count_words(&text[split.body_start..]);
        (front, None, split.body_start, words)
    };
    Ok(SourceFile {
        word_count,
        path: path.to_path_buf(),
        rel: rel_string(rel_path),
        folder,
        name,
        lang,
        front,
        body_start,
        text,
        checklist,
        problems,
    })
}

/// Words a reader reads: markup such as `##`, `-` or `|` is not read aloud, so
/// only tokens with a letter or digit count. A byte-class table keeps this cheap
/// (it runs over every article of the site); for UTF-8 it looks at a
/// character's first byte: 0xC2 (Latin-1 signs such as `«` or `°`) and 0xE2
/// (punctuation, arrows and currency such as `—`, `’`, `€`) are marks, every
/// other multi-byte character (`à`, `ß`, Greek, Cyrillic, CJK…) is a letter.
fn count_words(text: &str) -> usize {
    const SPACE: u8 = 0;
    const MARK: u8 = 1;
    const WORD: u8 = 2;
    const CLASS: [u8; 256] = {
        let mut table = [MARK; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            if c.is_ascii_whitespace() {
                table[b] = SPACE;
            } else if c.is_ascii_alphanumeric() || (c >= 0xC3 && c != 0xE2) {
                table[b] = WORD;
            }
            b += 1;
        }
        table
    };
    let mut count = 0;
    // Whether the current token has been counted already. Kept branch-free:
    // a mispredicted branch per byte made this loop a visible part of a build.
    let mut counted = 0;
    for &b in text.as_bytes() {
        let class = CLASS[usize::from(b)];
        let word = usize::from(class == WORD);
        count += word & (counted ^ 1);
        counted = (counted | word) & usize::from(class != SPACE);
    }
    count
}

/// Where a language's pages go.
struct Place<'a> {
    code: &'a str,
    /// `""` for the default language, `it/` for Italian.
    prefix: &'a str,
    /// The default language's pages' addresses, by key (empty while
    /// assembling the default language itself).
    addresses: &'a HashMap<String, String>,
    /// Files left out as drafts (relative to `content/`).
    drafts: &'a HashSet<String>,
}

/// Builds one language's tree from the files written in it.
fn assemble(
    config: &SiteConfig,
    place: Place,
    content: &Path,
    folders: &[(String, PathBuf)],
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Language {
    let (code, prefix) = (place.code, place.prefix);
    let (mine, others): (Vec<SourceFile>, Vec<SourceFile>) = std::mem::take(files)
        .into_iter()
        .partition(|f| f.lang == code);
    *files = others;
    let mut by_folder: HashMap<Option<String>, Vec<SourceFile>> = HashMap::new();
    for file in mine {
        by_folder.entry(file.folder.clone()).or_default().push(file);
    }

    let mut top = by_folder.remove(&None).unwrap_or_default();
    let home = match top.iter().position(SourceFile::is_index) {
        Some(i) => {
            let mut home = page_from(top.remove(i), PageKind::Home, prefix.to_string());
            if home.title.is_empty() {
                home.title = config.title_in(code).to_string();
            }
            home
        }
        None => synthetic_page(
            PageKind::Home,
            "_index".to_string(),
            code,
            prefix.to_string(),
            config.title_in(code),
            content,
        ),
    };
    let mut loose: Vec<Page> = top
        .into_iter()
        .filter_map(|f| article(f, prefix, &place, diagnostics))
        .collect();
    sort_pages(&mut loose);

    let mut sections = Vec::new();
    for (folder, folder_path) in folders {
        let mut files = by_folder.remove(&Some(folder.clone())).unwrap_or_default();
        let index_file = files
            .iter()
            .position(SourceFile::is_index)
            .map(|i| files.remove(i));
        if index_file.is_none() && files.is_empty() && !prefix.is_empty() {
            continue; // no page of this section is in this language
        }
        let index_name = match prefix {
            "" => format!("{folder}/_index.md"),
            _ => format!("{folder}/_index.{code}.md"),
        };
        if index_file.is_none() && place.drafts.contains(&index_name) {
            continue; // a draft section, with all its pages
        }
        let inherited = place.addresses.get(&format!("{folder}/_index"));
        if let (Some(original), Some(file)) = (inherited, &index_file) {
            warn_of_own_slug(file, original, diagnostics);
        }
        let slug = index_file
            .as_ref()
            .and_then(|f| f.front.slug.as_deref())
            .map_or_else(|| slugify(folder), slugify);
        if slug.is_empty() && inherited.is_none() {
            diagnostics.push(
                Diagnostic::file_error(folder_path, "this folder's name gives an empty URL slug")
                    .with_hint(
                        "use letters or digits in the folder name, or set `slug:` in its _index.md",
                    ),
            );
            continue;
        }
        let section_prefix = match inherited {
            Some(original) => format!("{prefix}{original}"),
            None => format!("{prefix}{slug}/"),
        };
        let index = match index_file {
            Some(f) => page_from(f, PageKind::Section, section_prefix.clone()),
            None => synthetic_page(
                PageKind::Section,
                format!("{folder}/_index"),
                code,
                section_prefix.clone(),
                &title_from_name(folder),
                folder_path,
            ),
        };
        let mut pages: Vec<Page> = files
            .into_iter()
            .filter_map(|f| article(f, &section_prefix, &place, diagnostics))
            .collect();
        sort_pages(&mut pages);
        // An unlisted section hides its articles with it: they stay reachable
        // by their links, like the section's own page.
        if !index.listed() {
            for page in &mut pages {
                page.front.unlisted = true;
            }
        }
        sections.push(Section {
            folder: folder.clone(),
            index,
            pages,
        });
    }
    sections.sort_by_cached_key(|s| order_key(&s.index));
    Language {
        code: code.to_string(),
        home,
        loose,
        sections,
    }
}

/// Drops drafts, and whole sections whose `_index.md` is a draft, noting their sources.
fn leave_out_drafts(files: Vec<SourceFile>, drafts: &mut HashSet<String>) -> Vec<SourceFile> {
    let draft_sections: HashSet<(Option<String>, String)> = files
        .iter()
        .filter(|f| f.is_index() && f.front.draft && f.folder.is_some())
        .map(|f| (f.folder.clone(), f.lang.clone()))
        .collect();
    let (drafted, kept): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
        f.front.draft || draft_sections.contains(&(f.folder.clone(), f.lang.clone()))
    });
    drafts.extend(drafted.into_iter().map(|f| f.rel));
    kept
}

/// A translation's `slug:` that differs from its original's address.
fn warn_of_own_slug(file: &SourceFile, original: &str, diagnostics: &mut Diagnostics) {
    let Some(slug) = &file.front.slug else { return };
    let last = original
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    if slugify(slug) != last {
        let (line, column) = crate::yaml::Positions::of(&file.text, 1)
            .get("slug")
            .unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::warning(
                &file.path,
                line,
                column,
                format!("a translation keeps its original's address (`{original}`); this `slug:` is ignored"),
            )
            .with_hint("remove `slug:` here, or change it in the original"),
        );
    }
}

fn article(
    file: SourceFile,
    prefix: &str,
    place: &Place,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    if file.front.title.is_none() {
        let d = Diagnostic::file_error(&file.path, "this article has no `title`");
        diagnostics.push(if file.body_start == 0 {
            d.with_hint("start the file with a front matter:\n  ---\n  title: Your title\n  ---")
        } else {
            d.with_hint("add `title: ...` to its front matter")
        });
        return None;
    }
    let kind = if file.checklist.is_some() {
        PageKind::Checklist
    } else {
        PageKind::Article
    };
    let key = page_key(file.folder.as_deref(), &file.name);
    if let Some(original) = place.addresses.get(&key) {
        warn_of_own_slug(&file, original, diagnostics);
        let url_path = format!("{}{original}", place.prefix);
        return Some(page_from(file, kind, url_path));
    }
    let slug = slugify(file.front.slug.as_deref().unwrap_or(&file.name));
    if slug.is_empty() {
        diagnostics.push(
            Diagnostic::file_error(&file.path, "this file's name gives an empty URL slug")
                .with_hint(
                    "use letters or digits in the file name, or set `slug:` in its front matter",
                ),
        );
        return None;
    }
    Some(page_from(file, kind, format!("{prefix}{slug}/")))
}

/// `folder/name`, or `name` at the top: what translations of a page share.
fn page_key(folder: Option<&str>, name: &str) -> String {
    match folder {
        Some(folder) => format!("{folder}/{name}"),
        None => name.to_string(),
    }
}

fn page_from(file: SourceFile, kind: PageKind, url_path: String) -> Page {
    let title = match (&file.front.title, kind) {
        (Some(t), _) => t.clone(),
        (None, PageKind::Section) => title_from_name(file.folder.as_deref().unwrap_or(&file.name)),
        (None, _) => String::new(),
    };
    Page {
        kind,
        key: page_key(file.folder.as_deref(), &file.name),
        lang: file.lang,
        source: file.path,
        url_path,
        title,
        front: file.front,
        text: file.text,
        body_start: file.body_start,
        word_count: file.word_count,
        checklist: file.checklist,
    }
}

fn synthetic_page(
    kind: PageKind,
    key: String,
    lang: &str,
    url_path: String,
    title: &str,
    source: &Path,
) -> Page {
    Page {
        kind,
        key,
        lang: lang.to_string(),
        source: source.to_path_buf(),
        url_path,
        title: title.to_string(),
        front: FrontMatter::default(),
        text: String::new(),
        body_start: 0,
        word_count: 0,
        checklist: None,
    }
}

/// Each page of the default language should exist in every other language
/// (a warning names the file to write), and a checklist's translation may
/// change only its words (an error at each difference).
fn check_translations(site: &Site, diagnostics: &mut Diagnostics) {
    let Some((original, others)) = site.languages.split_first() else {
        return;
    };
    for language in others {
        let pages: HashMap<&str, &Page> = language.pages().map(|p| (p.key.as_str(), p)).collect();
        for page in original.pages() {
            // A home or section page rapport made up has no file to translate.
            if !page.source.is_file() {
                continue;
            }
            let Some(translation) = pages.get(page.key.as_str()) else {
                let file = translated_name(&page.source, &language.code);
                diagnostics.push(
                    Diagnostic::warning(
                        &page.source,
                        1,
                        1,
                        format!(
                            "not translated into `{}`: there is no {file}",
                            language.code
                        ),
                    )
                    .with_hint(format!(
                        "until there is, the `{}` pages link to this one",
                        language.code
                    )),
                );
                continue;
            };
            if let (Some(a), Some(b)) = (&page.checklist, &translation.checklist) {
                let differences = crate::checklist::translation::differences(a, b);
                let positions = crate::yaml::Positions::of(&translation.text, 1);
                for difference in differences {
                    diagnostics.push(
                        Diagnostic::at(
                            &translation.source,
                            position_near(&positions, &difference.at),
                            difference.message,
                        )
                        .with_hint(format!(
                            "a translation changes only words: ids, kinds, weights, scores, `show_if` and results must be those of {}",
                            crate::diagnostics::display_path(&page.source).display()
                        )),
                    );
                }
            }
        }
    }
}

/// `fewer-better.md` → `fewer-better.it.md`.
fn translated_name(source: &Path, code: &str) -> String {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{code}.{extension}"),
        None => format!("{name}.{code}"),
    }
}

/// The position of the YAML value at `path`, or of the nearest enclosing one
/// that is written (a default weight is not).
fn position_near(positions: &crate::yaml::Positions, path: &str) -> (usize, usize) {
    let mut path = path;
    loop {
        if let Some(position) = positions.get(path) {
            return position;
        }
        match path.rfind(['.', '[']) {
            Some(cut) => path = &path[..cut],
            None => return (1, 1),
        }
    }
}

/// A checklist's id names it in share links and in the page's hooks: two
/// checklists of one language with one id would answer each other's links.
fn check_unique_checklist_ids(site: &Site, diagnostics: &mut Diagnostics) {
    for language in &site.languages {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for page in language.pages() {
            let Some(checklist) = &page.checklist else {
                continue;
            };
            if let Some(first) = seen.insert(&checklist.id, &page.source) {
                diagnostics.push(
                    Diagnostic::file_error(
                        &page.source,
                        format!(
                            "this checklist has the same id `{}` as {}",
                            checklist.id,
                            crate::diagnostics::display_path(first).display()
                        ),
                    )
                    .with_hint("give one of them its own `id:`"),
                );
            }
        }
    }
}

/// Two pages with one URL would overwrite each other: name both files, at
/// the `slug:` that made them meet when one has it.
fn check_unique_urls(site: &Site, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    // The URLs of the default language's pages, by key: translations take them.
    let originals: HashMap<&str, &str> = site
        .languages
        .first()
        .map(|l| {
            l.pages()
                .map(|p| (p.key.as_str(), p.url_path.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let default = site.config.language.0.as_str();
    for page in site.pages() {
        let Some(first) = seen.insert(&page.url_path, page) else {
            continue;
        };
        // Translations of two pages that meet meet too: one message is enough.
        let inherited = |p: &Page| p.lang != default && originals.contains_key(p.key.as_str());
        if inherited(page) && inherited(first) && first.key != page.key {
            continue;
        }
        let by_name = |p: &&Page| p.source.clone();
        let (mut first, mut second) = if by_name(&first) <= by_name(&page) {
            (first, page)
        } else {
            (page, first)
        };
        if second.front.slug.is_none() && first.front.slug.is_some() {
            std::mem::swap(&mut first, &mut second);
        }
        let at = slug_position(second).unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::at(
                &second.source,
                at,
                format!(
                    "this page has the same URL `{}` as {}",
                    page.url_path,
                    crate::diagnostics::display_path(&first.source).display()
                ),
            )
            .with_hint("rename one of the files, or give one a different `slug:`"),
        );
    }
}

/// Where a page's own `slug:` is written, if it has one.
fn slug_position(page: &Page) -> Option<(usize, usize)> {
    page.front.slug.as_ref()?;
    match page.kind {
        PageKind::Checklist => crate::yaml::Positions::of(&page.text, 1).get("slug"),
        _ => Some(page.position_of("slug")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_tokens_with_a_letter_or_digit() {
        assert_eq!(count_words("## Perché\n\n- uno, due | 3 --- tre"), 5);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("first"), 1);
        assert_eq!(count_words("a-b --- **c**"), 2);
        assert_eq!(count_words("« sì » — città € è"), 3);
    }

    #[test]
    fn editor_litter_is_not_content() {
        for name in [
            ".fewer.md.swp",
            "fewer.md~",
            "#fewer.md#",
            "4913",
            ".DS_Store",
        ] {
            assert!(crate::content::is_editor_litter(name), "{name}");
        }
        assert!(!crate::content::is_editor_litter("fewer.md"));
    }
}
