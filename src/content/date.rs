//! Calendar dates of articles (`date`, `updated`), written `YYYY-MM-DD`.

use serde::{de, Deserialize, Deserializer};
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

    /// The date as a reader of `lang` writes it: `1 March 2026`, `1 marzo 2026`.
    pub fn display(&self, lang: &str) -> String {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const IT: [&str; 12] = [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ];
        let (months, day) = match lang.split('-').next() {
            // Italian writes the first of the month as an ordinal: 1º marzo.
            Some("it") if self.day == 1 => (&IT, "1º".to_string()),
            Some("it") => (&IT, self.day.to_string()),
            Some("en") => (&EN, self.day.to_string()),
            _ => return self.to_string(),
        };
        format!(
            "{day} {} {}",
            months[usize::from(self.month) - 1],
            self.year
        )
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

    #[test]
    fn displays_in_the_page_language() {
        let d = Date::parse("2026-03-01").unwrap();
        assert_eq!(d.display("en"), "1 March 2026");
        assert_eq!(d.display("it"), "1º marzo 2026");
        assert_eq!(
            Date::parse("2026-03-12").unwrap().display("it"),
            "12 marzo 2026"
        );
    }
}
