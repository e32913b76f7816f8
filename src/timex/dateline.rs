//! The article date from a dateline at the top of the text.
//!
//! Accepted, within the first six non-empty lines (and first 2,000 bytes):
//! - a wire dateline: a line with an agency tag or a city in capitals before a date
//!   ("WASHINGTON, Aug 13 (Reuters) -", "NAIROBI, Kenya (AP) _ Aug. 7, 1998");
//! - a line that starts with "Published", "Updated", "Posted", "Date" or "Dated";
//! - a short line that is mostly a date ("Tuesday, August 13, 2024", "2024-08-13").
//!
//! A wire dateline without a year ("Aug 13") takes the latest year written in the article
//! (wire copy names the current year when it names one); with no year anywhere there is
//! no date.

use super::Scanner;
use crate::text::{in_sorted_words, Document};
use crate::Date;

/// News agencies as they appear in parentheses in a dateline, lowercase, sorted (searched
/// with [`in_sorted_words`]).
const AGENCIES: &str =
    "afp ansa ap bbc bloomberg cnn dpa efe ians kyodo pti reuters tass upi xinhua yonhap";

/// First words of a publication line ("Published March 3, 2024"), lowercase, sorted.
const LEADS: &str = "date dated first last posted published updated";

/// The article date given by a dateline at the top of the text, if there is one.
pub fn find_dateline(doc: &Document) -> Option<Date> {
    find(doc).map(|d| d.date())
}

/// A date at the top of an article ("WASHINGTON, Aug 13 (Reuters)", "Published March 3,
/// 2024"): found once per text, it gives the article date and tells the detector which
/// date to leave unmarked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    date: Date,
    range: std::ops::Range<usize>,
    wire: bool,
}

impl Dateline {
    /// The dateline in the first lines of `doc` (at most 2,000 bytes are read), if any.
    ///
    /// ```
    /// use article_annotator::{text::Document, timex::Dateline};
    ///
    /// let doc = Document::new("WASHINGTON, Aug 13, 2024 (Reuters) - The Senate voted.");
    /// let dateline = Dateline::find(&doc).expect("a wire dateline");
    /// assert_eq!(dateline.date().to_string(), "2024-08-13");
    /// assert!(dateline.is_wire());
    /// assert_eq!(&doc.text()[dateline.range()], "Aug 13, 2024");
    ///
    /// assert_eq!(Dateline::find(&Document::new("The Senate voted on Aug 13.")), None);
    /// ```
    pub fn find(doc: &Document) -> Option<Dateline> {
        find(doc)
    }

    /// The calendar day it names.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The UTF-8 byte range of its date in the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.range.clone()
    }

    /// Whether it is a wire dateline ("WASHINGTON, Aug 13 (Reuters)"): then its date is the
    /// article's date, metadata rather than a statement, and is not marked.
    pub fn is_wire(&self) -> bool {
        self.wire
    }
}

fn find(doc: &Document) -> Option<Dateline> {
    // Only the head of the article is read (the scanner sees nothing past it).
    let text = doc.text();
    let head = head_end(text);
    let low = super::lowered_head(doc, head);
    let scan = Scanner::bare(doc, &low, None);
    let toks = doc.tokens();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        if t.start() >= head {
            break;
        }
        let full_day = |f: Option<super::Found>| {
            f.filter(|f| f.kind == crate::Kind::Date && f.value.len() == 10)
        };
        if !scan.could_start_day(i) {
            debug_assert!(
                full_day(scan.numeric_date(i)).is_none()
                    && full_day(scan.weekday_expr(i)).is_none()
                    && full_day(scan.month_date(i)).is_none(),
                "{:?} starts a date: add it to Scanner::could_start_day",
                scan.w(i)
            );
            i += 1;
            continue;
        }
        let mut found = None;
        super::keep_longest(&mut found, full_day(scan.numeric_date(i)), true);
        super::keep_longest(&mut found, full_day(scan.weekday_expr(i)), true);
        super::keep_longest(&mut found, full_day(scan.month_date(i)), true);
        let Some(f) = found else {
            i += 1;
            continue;
        };
        let line_start = text
            .get(..f.start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |p| p + 1);
        let line_end = text
            .get(f.end..)
            .and_then(|s| s.find('\n'))
            .map_or(text.len(), |p| f.end + p);
        let line = text.get(line_start..line_end).unwrap_or("").trim();
        let before = text.get(line_start..f.start).unwrap_or("").trim();
        // A wire tag "(AP)" counts only right beside the date, on its line: the first "line" of
        // a text without line breaks can be a whole paragraph. Tokens, not substring search,
        // keep this small in wasm.
        let agency = (i.saturating_sub(6)..f.next + 6).any(|t| {
            scan.raw(t) == "("
                && scan.raw(t + 2) == ")"
                && in_sorted_words(AGENCIES, scan.w(t + 1).as_bytes())
                && toks
                    .get(t)
                    .is_some_and(|x| x.start() >= line_start && x.end() <= line_end)
        });
        let first_word = toks
            .iter()
            .position(|x| x.start() >= line_start)
            .map_or("", |p| scan.w(p));
        let lead = in_sorted_words(LEADS, first_word.as_bytes());
        let city = is_city_lead(before);
        let mostly_date = line.len() <= 60 && (f.end - f.start) * 10 >= line.len() * 4;
        if agency || lead || city || mostly_date {
            let wire = agency || city;
            let date = match f.day {
                Some(d) => Some(d),
                // No year in the dateline: "WASHINGTON, Aug 13 (Reuters) -" ("XXXX-08-13").
                None if wire && f.value.starts_with("XXXX-") => {
                    let y = latest_year(doc)?;
                    let m = f.value.get(5..7)?.parse().ok()?;
                    let d = f.value.get(8..10)?.parse().ok()?;
                    super::normalize::ymd(y, m, d)
                }
                None => None,
            };
            if let Some(date) = date {
                return Some(Dateline {
                    date,
                    range: f.start..f.end,
                    wire,
                });
            }
        }
        i = f.next.max(i + 1);
    }
    None
}

/// The end of the first six non-empty lines, at most 2,000 bytes in.
#[inline(never)]
fn head_end(text: &str) -> usize {
    // Lines are looked for in the first 2,000 bytes only: a text without line breaks is not
    // searched to its end for one. (A line cut at the limit ends the head either way.)
    let mut end = text.len().min(2000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = text.get(..end).unwrap_or("");
    let mut lines = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        end += line.len();
        if !line.trim().is_empty() {
            lines += 1;
        }
        if lines >= 6 {
            break;
        }
    }
    end
}

/// "WASHINGTON," or "NAIROBI, Kenya (AP) _": a capitalized place, then a comma.
#[inline(never)]
#[allow(clippy::manual_contains)] // a byte loop: the line is short, `contains` calls `memchr`
fn is_city_lead(before: &str) -> bool {
    // Up to the first comma or space (bytes: no generic char searcher in the wasm).
    let b = before.as_bytes();
    let cut = b.iter().position(|&c| c == b',' || c == b' ');
    let first = before.get(..cut.unwrap_or(b.len())).unwrap_or("");
    first.len() >= 3
        && first
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-')
        && b.iter().any(|&c| c == b',')
        && before.len() <= 60
}

/// The latest four-digit year (1900–2199) written in the text's first 20,000 bytes.
#[inline(never)]
fn latest_year(doc: &Document) -> Option<i32> {
    let low = super::lowered_head(doc, 20_000);
    let scan = Scanner::bare(doc, &low, None);
    doc.tokens()
        .iter()
        .enumerate()
        .take_while(|(_, t)| t.end() <= 20_000)
        .filter_map(|(i, _)| scan.year4(i))
        .filter(|y| (1900..=2199).contains(y))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        find_dateline(&Document::new(text)).map(|d| d.to_string())
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(
            date("NAIROBI, Kenya (AP) _ Aug. 7, 1998\n\nBombs went off on Friday."),
            Some("1998-08-07".into())
        );
        assert_eq!(
            date("WASHINGTON, Aug 13 (Reuters) - The Senate voted in 2024 on a bill."),
            Some("2024-08-13".into())
        );
        // No year anywhere: no date rather than a guess.
        assert_eq!(
            date("WASHINGTON, Aug 13 (Reuters) - The Senate voted."),
            None
        );
    }

    #[test]
    fn date_lines_at_the_top() {
        assert_eq!(
            date("Storm hits the coast\nTuesday, August 13, 2024\n\nThe storm made landfall."),
            Some("2024-08-13".into())
        );
        assert_eq!(
            date("2024-03-03\nCity council meets"),
            Some("2024-03-03".into())
        );
        assert_eq!(
            date("Council meets\nPublished March 3, 2024 at 10:00 a.m.\nThe council met."),
            Some("2024-03-03".into())
        );
    }

    #[test]
    fn dates_in_running_text_are_not_datelines() {
        assert_eq!(
            date("The council, which first met on March 3, 2019 in a small hall downtown, voted again."),
            None
        );
        let mut long = "Nothing here.\n".repeat(10);
        long.push_str("Published March 3, 2024");
        assert_eq!(date(&long), None);
        assert_eq!(date(""), None);
        assert_eq!(date("€ Aug. 1, 2020 ü"), Some("2020-08-01".into()));
    }
}
