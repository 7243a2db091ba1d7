//! Setting a card's text to fit its box: the `fit_text` function card
//! templates call, measured with the font the card is drawn in.
//!
//! An SVG `<text>` does not wrap, so the lines are chosen here: words are set
//! at the largest size that fits the width in the lines allowed, down to the
//! smallest size given; text that still does not fit ends in `…`.

use super::draw::{BOLD, REGULAR};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::collections::HashMap;
use std::sync::OnceLock;
use tera::{Result, Value};

/// How much a size steps down when the text does not fit.
const STEP: f64 = 2.0;
/// How much smaller than the largest size that fits a text may be set to
/// take fewer lines.
const FEWER_LINES: f64 = 0.85;
/// Lines are this many times the font size apart.
const LINE_HEIGHT: f64 = 1.2;

/// What `fit_text` gives a template: the size chosen, the distance between
/// baselines, the lines and the widest line's width (for a box around them).
#[derive(serde::Serialize, Debug, PartialEq)]
pub struct Fitted {
    pub size: f64,
    pub line_height: f64,
    pub lines: Vec<String>,
    pub width: f64,
}

/// The font's widths of characters at a size of 1 px.
struct Widths {
    font: FontRef<'static>,
    metrics: GlyphMetrics<'static>,
    /// The widths of the first characters (Latin, punctuation, quotes and
    /// dashes), looked up once: cards measure the same text many times.
    common: Vec<f64>,
}

/// Characters below this have their width in `Widths::common`.
const COMMON: u32 = 0x2200;

impl Widths {
    fn of(bytes: &'static [u8]) -> Option<Widths> {
        let font = FontRef::new(bytes).ok()?;
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let mut widths = Widths {
            font,
            metrics,
            common: Vec::new(),
        };
        widths.common = (0..COMMON)
            .map(|c| char::from_u32(c).map_or(0.0, |c| widths.looked_up(c)))
            .collect();
        Some(widths)
    }

    fn looked_up(&self, c: char) -> f64 {
        let glyph = self.font.charmap().map(c).unwrap_or_default();
        f64::from(self.metrics.advance_width(glyph).unwrap_or(0.6))
    }

    /// The width of `text` at a size of 1 px (kerning would only narrow it).
    fn width(&self, text: &str) -> f64 {
        text.chars()
            .map(|c| match self.common.get(c as usize) {
                Some(&w) => w,
                None => self.looked_up(c),
            })
            .sum()
    }
}

fn widths(bold: bool) -> Option<&'static Widths> {
    static FACES: OnceLock<(Option<Widths>, Option<Widths>)> = OnceLock::new();
    let (regular, bold_face) = FACES.get_or_init(|| (Widths::of(REGULAR), Widths::of(BOLD)));
    if bold {
        bold_face.as_ref()
    } else {
        regular.as_ref()
    }
}

/// Sets `text` in at most `max_lines` lines of `width` px, at the largest
/// size from `max_size` down to `min_size` at which it fits.
pub fn fit(
    text: &str,
    width: f64,
    (max_size, min_size): (f64, f64),
    max_lines: usize,
    bold: bool,
) -> Fitted {
    let Some(widths) = widths(bold) else {
        return Fitted {
            size: min_size,
            line_height: (min_size * LINE_HEIGHT).round(),
            lines: vec![text.to_string()],
            width,
        };
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let max_lines = max_lines.max(1);
    let min_size = min_size.min(max_size);
    let lines_at = |size: f64| wrap(&words, width, &|s: &str| widths.width(s) * size);
    // Counting lines goes by the words' widths, measured once: the sizes
    // tried and the balancing below wrap the text dozens of times.
    let units: Vec<f64> = words.iter().map(|w| widths.width(w)).collect();
    let space = widths.width(" ");
    let count_at = |size: f64, width: f64| count_lines(&units, space, width / size);
    // The largest size that fits; then a somewhat smaller one that needs
    // fewer lines is better than a lone word on a line of its own.
    let mut size = max_size;
    while size > min_size && count_at(size, width) > max_lines {
        size = (size - STEP).max(min_size);
    }
    let mut count = count_at(size, width);
    let mut smaller = size - STEP;
    while smaller >= (size * FEWER_LINES).max(min_size) && count > 1 {
        let fewer = count_at(smaller, width);
        if fewer < count {
            size = smaller;
            count = fewer;
        }
        smaller -= STEP;
    }
    let measure = |s: &str| widths.width(s) * size;
    let lines = if count <= max_lines {
        let narrowest = balance(width, |w| count_at(size, w) <= count);
        let balanced = wrap(&words, narrowest, &measure);
        // Sums of widths and widths of joined words may differ in the last digit.
        if balanced.len() <= count {
            balanced
        } else {
            lines_at(size)
        }
    } else {
        shorten(lines_at(size), max_lines, width, &measure)
    };
    let widest = lines.iter().map(|l| measure(l)).fold(0.0, f64::max);
    Fitted {
        size,
        line_height: (size * LINE_HEIGHT).round(),
        lines,
        width: widest.ceil(),
    }
}

/// The same number of lines as at `width`, but as even as they can be: the
/// narrowest width at which `fits` (no more lines).
fn balance(width: f64, fits: impl Fn(f64) -> bool) -> f64 {
    let (mut low, mut high) = (width / 2.0, width);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        if fits(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

/// How many lines greedy wrapping makes of words `units` wide (a space
/// `space` wide) in lines `limit` wide; a word wider than a line takes as
/// many lines as it is wide.
fn count_lines(units: &[f64], space: f64, limit: f64) -> usize {
    let mut lines = 0;
    let mut line: Option<f64> = None;
    for &word in units {
        match line {
            Some(used) if used + space + word <= limit => line = Some(used + space + word),
            _ => {
                if line.is_some() {
                    lines += 1;
                }
                if word > limit {
                    lines += (word / limit).ceil() as usize - 1;
                    line = Some(word % limit);
                } else {
                    line = Some(word);
                }
            }
        }
    }
    lines + usize::from(line.is_some())
}

/// Greedy wrapping: as many words on a line as fit. A word wider than the
/// line is broken where it overflows.
fn wrap(words: &[&str], width: f64, measure: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let candidate = if line.is_empty() {
            (*word).to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = (*word).to_string();
        while measure(&rest) > width && rest.chars().count() > 1 {
            let cut = break_point(&rest, width, measure);
            let tail = rest.split_off(cut);
            lines.push(std::mem::replace(&mut rest, tail));
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where to cut `word` so that its first part fits `width` (at least one character).
fn break_point(word: &str, width: f64, measure: &dyn Fn(&str) -> f64) -> usize {
    let mut cut = word.chars().next().map_or(0, char::len_utf8);
    for (i, c) in word.char_indices().skip(1) {
        if measure(&word[..i + c.len_utf8()]) > width {
            break;
        }
        cut = i + c.len_utf8();
    }
    cut
}

/// Keeps `max_lines` lines; when some are left out, the last kept one ends
/// in `…` and still fits.
fn shorten(
    mut lines: Vec<String>,
    max_lines: usize,
    width: f64,
    measure: &dyn Fn(&str) -> f64,
) -> Vec<String> {
    if lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        let mut kept: Vec<&str> = last.split(' ').collect();
        while kept.len() > 1 && measure(&format!("{}…", kept.join(" "))) > width {
            kept.pop();
        }
        let mut text = kept.join(" ");
        while !text.is_empty() && measure(&format!("{text}…")) > width {
            text.pop();
        }
        *last = format!("{}…", text.trim_end_matches([',', ';', ':', '.', ' ']));
    }
    lines
}

/// The Tera function `fit_text(text, width, max_size, min_size, max_lines, bold)`.
pub fn fit_text(args: &HashMap<String, Value>) -> Result<Value> {
    let number = |key: &str, default: f64| {
        args.get(key)
            .and_then(Value::as_f64)
            .filter(|n| n.is_finite() && *n > 0.0)
            .unwrap_or(default)
    };
    let text = match args.get("text") {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Null) | None => "",
        Some(_) => return Err("fit_text: `text` must be a string".into()),
    };
    let width = number("width", 1000.0).min(100_000.0);
    let max_size = number("max_size", 64.0).min(1000.0);
    let min_size = number("min_size", max_size).min(max_size);
    // At most a few dozen lines: a card is one picture.
    let max_lines = number("max_lines", 3.0).min(50.0) as usize;
    let bold = args.get("bold").and_then(Value::as_bool).unwrap_or(false);
    let fitted = fit(text, width, (max_size, min_size), max_lines, bold);
    serde_json::to_value(fitted).map_err(|e| e.to_string().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_title_stays_on_one_line_at_the_largest_size() {
        let fitted = fit("Are we a good fit?", 1000.0, (72.0, 40.0), 3, true);
        assert_eq!((fitted.size, fitted.lines.len()), (72.0, 1));
    }

    #[test]
    fn a_long_title_wraps_and_shrinks_until_it_fits() {
        let title = "Perché scegliere pochi clienti, allineati ai nostri valori, è meglio che inseguirne molti con un marketing aggressivo";
        let fitted = fit(title, 1000.0, (72.0, 40.0), 3, true);
        assert!(fitted.size < 72.0 && fitted.size >= 40.0, "{fitted:?}");
        assert!(fitted.lines.len() <= 3, "{fitted:?}");
        assert_eq!(fitted.lines.join(" "), title);
        for line in &fitted.lines {
            assert!(
                widths(true).unwrap().width(line) * fitted.size <= 1000.0,
                "{line}"
            );
        }
    }

    #[test]
    fn text_too_long_for_its_lines_ends_in_an_ellipsis_that_fits() {
        let text = "parola ".repeat(200);
        let fitted = fit(&text, 600.0, (40.0, 30.0), 2, false);
        assert_eq!((fitted.size, fitted.lines.len()), (30.0, 2));
        assert!(fitted.lines[1].ends_with('…'), "{fitted:?}");
        assert!(widths(false).unwrap().width(&fitted.lines[1]) * 30.0 <= 600.0);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let fitted = fit(&"x".repeat(300), 400.0, (40.0, 40.0), 20, false);
        assert!(fitted.lines.len() > 1, "{fitted:?}");
        assert_eq!(fitted.lines.concat(), "x".repeat(300));
    }

    #[test]
    fn counting_lines_agrees_with_wrapping() {
        let widths = widths(true).unwrap();
        let text = "Perché i clienti “che rubano” non esistono — e che cosa fare quando un cliente se ne va";
        let words: Vec<&str> = text.split_whitespace().collect();
        let units: Vec<f64> = words.iter().map(|w| widths.width(w)).collect();
        for limit in [300.0, 500.0, 800.0, 1040.0] {
            let wrapped = wrap(&words, limit, &|s: &str| widths.width(s) * 50.0);
            assert_eq!(
                count_lines(&units, widths.width(" "), limit / 50.0),
                wrapped.len(),
                "{limit}"
            );
        }
    }
}
