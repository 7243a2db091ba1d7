//! Calendar dates of articles (`date`, `updated`), written `YYYY-MM-DD`.

use serde::{de, Deserialize, Deserializer, Serialize};
use std::fmt;

/// A day, as written in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `2026-03-01`; a time after the day (`2026-03-01T09:00:00Z`) is allowed and ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let day_part = text.split(['T', ' ']).next()?;
        let mut parts = day_part.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let valid = (1..=12).contains(&date.month)
            && date.day >= 1
            && date.day <= days_in_month(date.year, date.month);
        valid.then_some(date)
    }

    /// The date as a reader writes it in the language of `words`:
    /// `1 March 2026`, `1º marzo 2026`, `1. März 2026`.
    pub fn display(&self, words: &DateWords) -> String {
        let day = if self.day == 1 {
            words.day_one.clone()
        } else {
            self.day.to_string()
        };
        let month = words
            .months
            .get(usize::from(self.month) - 1)
            .map_or("", String::as_str);
        words
            .format
            .replace("{day}", &day)
            .replace("{month}", month)
            .replace("{year}", &self.year.to_string())
    }
}

/// How one language writes a date, from the theme's strings (`months`,
/// `date_format`, `date_day_one`): no language is known to the code itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateWords {
    /// The twelve month names, January first, as they stand inside a date.
    pub months: Vec<String>,
    /// The pattern, with `{day}`, `{month}` and `{year}`.
    pub format: String,
    /// How the first day of a month is written (`1`, Italian `1º`, French `1er`).
    pub day_one: String,
}

impl DateWords {
    /// Words that write a date as its number, `2026-03-01`-like, when a
    /// theme gives none: `1 3 2026` would read as nothing.
    pub fn numeric() -> DateWords {
        DateWords {
            months: (1..=12).map(|m| format!("{m:02}")).collect(),
            format: "{year}-{month}-{day}".to_string(),
            day_one: "01".to_string(),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_rejects_impossible_ones() {
        assert_eq!(Date::parse("2026-03-01").unwrap().to_string(), "2026-03-01");
        assert!(Date::parse("2026-03-01T10:00:00Z").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("1 March 2026").is_none());
    }

    fn words(months: &[&str], format: &str, day_one: &str) -> DateWords {
        DateWords {
            months: months.iter().map(|m| m.to_string()).collect(),
            format: format.to_string(),
            day_one: day_one.to_string(),
        }
    }

    #[test]
    fn displays_with_the_languages_words_and_order() {
        let mut months = ["x"; 12];
        months[2] = "marzo";
        let it = words(&months, "{day} {month} {year}", "1º");
        assert_eq!(
            Date::parse("2026-03-01").unwrap().display(&it),
            "1º marzo 2026"
        );
        assert_eq!(
            Date::parse("2026-03-12").unwrap().display(&it),
            "12 marzo 2026"
        );
        months[2] = "März";
        let de = words(&months, "{day}. {month} {year}", "1");
        assert_eq!(
            Date::parse("2026-03-01").unwrap().display(&de),
            "1. März 2026"
        );
        months[2] = "marzo";
        let es = words(&months, "{day} de {month} de {year}", "1");
        assert_eq!(
            Date::parse("2026-03-09").unwrap().display(&es),
            "9 de marzo de 2026"
        );
    }

    #[test]
    fn numeric_words_write_the_iso_day() {
        let d = Date::parse("2026-03-01").unwrap();
        assert_eq!(d.display(&DateWords::numeric()), "2026-03-01");
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(d.display(&DateWords::numeric()), "2026-11-23");
    }
}
