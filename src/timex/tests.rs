//! Unit tests for the pattern families and their normalization (texts written for these
//! tests).

use super::*;
use crate::text::Document;

fn d(s: &str) -> Date {
    crate::parse_ymd(s).unwrap()
}

/// (text, type label, value) of every timex in `text` against `dct`.
fn run(text: &str, dct: Option<&str>) -> Vec<(String, &'static str, String)> {
    let doc = Document::new(text);
    detect(&doc, dct.map(d))
        .into_iter()
        .map(|s| {
            (
                text[s.range()].to_string(),
                s.kind().label(),
                s.value().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn one(text: &str, dct: Option<&str>) -> (String, &'static str, String) {
    let r = run(text, dct);
    assert_eq!(r.len(), 1, "{text:?} gave {r:?}");
    r.into_iter().next().unwrap()
}

fn t(s: &str, k: &'static str, v: &str) -> (String, &'static str, String) {
    (s.to_string(), k, v.to_string())
}

const TUE: Option<&str> = Some("2024-08-13");

#[test]
fn month_dates() {
    assert_eq!(
        one("It happened on Aug. 12, 2024, they said.", TUE),
        t("Aug. 12, 2024", "DATE", "2024-08-12")
    );
    assert_eq!(
        one("It opens Sept. 30.", TUE),
        t("Sept. 30", "DATE", "2024-09-30")
    );
    assert_eq!(
        one("The vote is on 12 August 2025.", TUE),
        t("12 August 2025", "DATE", "2025-08-12")
    );
    assert_eq!(
        one("Sales rose in July 1997 again.", TUE),
        t("July 1997", "DATE", "1997-07")
    );
    assert_eq!(
        one("He was hurt in July.", TUE),
        t("July", "DATE", "2024-07")
    );
    assert_eq!(
        one("It was signed on Feb. 29, 2024.", TUE),
        t("Feb. 29, 2024", "DATE", "2024-02-29")
    );
    // Not a date in a year without Feb. 29.
    assert!(run("It was signed on Feb. 29, 2023.", TUE)
        .iter()
        .all(|x| x.2 != "2023-02-29"));
    // Closest year: late December named in early January is last year's.
    assert_eq!(
        one("The fire started Dec. 28.", Some("2025-01-02")).2,
        "2024-12-28"
    );
    // "may" the verb is not a month.
    assert!(run("Prices may rise. May is warm.", TUE).is_empty());
}

#[test]
fn dates_far_into_a_wire_paragraph_are_marked() {
    let text = "PARIS (AP)_ The commander said Thursday he sent a team, which left on March 26, 1996 after a long wait in the rain near the border.";
    assert!(run(text, TUE).iter().any(|x| x.0 == "March 26, 1996"));
}

#[test]
fn ranges_are_two_timexes() {
    assert_eq!(
        run("The fair runs June 3-5 in town.", TUE),
        vec![
            t("June 3", "DATE", "2024-06-03"),
            t("5", "DATE", "2024-06-05")
        ]
    );
    assert_eq!(
        run("He served from 2019 to 2021.", TUE),
        vec![t("2019", "DATE", "2019"), t("2021", "DATE", "2021")]
    );
    assert_eq!(
        run("The 2019-21 season.", TUE),
        vec![t("2019", "DATE", "2019"), t("21", "DATE", "2021")]
    );
}

#[test]
fn weekdays_follow_tense() {
    assert_eq!(
        one("The stream went dark on Monday.", TUE),
        t("Monday", "DATE", "2024-08-12")
    );
    assert_eq!(
        one("The board will meet Friday.", TUE),
        t("Friday", "DATE", "2024-08-16")
    );
    assert_eq!(
        one("She said Tuesday that it rained.", TUE),
        t("Tuesday", "DATE", "2024-08-13")
    );
    assert_eq!(
        one("They met last Friday.", TUE),
        t("last Friday", "DATE", "2024-08-09")
    );
    assert_eq!(
        one("It went dark on Monday night.", TUE),
        t("Monday night", "TIME", "2024-08-12TNI")
    );
    assert_eq!(
        one("He spoke Saturday, April 25, 1998.", TUE),
        t("Saturday, April 25, 1998", "DATE", "1998-04-25")
    );
    // Without an article date the weekday stays unresolved.
    assert_eq!(
        one("It went dark on Monday.", None),
        t("Monday", "DATE", "XXXX-WXX-1")
    );
}

#[test]
fn clock_times() {
    assert_eq!(
        run(
            "It went dark Monday. Errors began around 8:45 pm E.T. on the site.",
            TUE
        ),
        vec![
            t("Monday", "DATE", "2024-08-12"),
            t("around 8:45 pm E.T.", "TIME", "2024-08-12T20:45")
        ]
    );
    assert_eq!(
        one("Polls will close at 10 p.m. Wednesday.", TUE).2,
        "2024-08-14T22:00"
    );
    assert_eq!(
        one("They met at noon.", TUE),
        t("noon", "TIME", "2024-08-13T12:00")
    );
    assert_eq!(
        one("They met at midnight.", None),
        t("midnight", "TIME", "XXXX-XX-XXT24:00")
    );
    assert_eq!(
        one("At 0845 GMT the market opened.", None).2,
        "XXXX-XX-XXT08:45"
    );
    assert_eq!(one("Doors open at 7:30.", None).2, "XXXX-XX-XXT07:30");
    assert!(run("The score was 3 to 2 and the ratio 10.5.", TUE).is_empty());
    // Prices are not clock times; "7.30 pm" is.
    assert!(run("Shares rose to 17.50 from 2.35.", TUE).is_empty());
    assert_eq!(
        one("It starts at 7.30 pm sharp.", None).2,
        "XXXX-XX-XXT19:30"
    );
}

#[test]
fn relative_days_weeks_months() {
    assert_eq!(
        one("He left yesterday.", TUE),
        t("yesterday", "DATE", "2024-08-12")
    );
    assert_eq!(
        one("He said last week that it ended.", TUE),
        t("last week", "DATE", "2024-W32")
    );
    assert_eq!(
        one("The plan is due next month.", TUE),
        t("next month", "DATE", "2024-09")
    );
    assert_eq!(
        one("Sales rose this year.", TUE),
        t("this year", "DATE", "2024")
    );
    assert_eq!(
        one("Sales fell last year.", TUE),
        t("last year", "DATE", "2023")
    );
    // "last week" in ISO week 1 lands in the previous ISO year.
    assert_eq!(one("He quit last week.", Some("2025-01-01")).2, "2024-W52");
    assert_eq!(one("He quit last week.", Some("2021-01-08")).2, "2020-W53");
    assert_eq!(
        one("It ended last night.", TUE),
        t("last night", "TIME", "2024-08-12TNI")
    );
    assert_eq!(
        one("We met this morning.", TUE),
        t("this morning", "TIME", "2024-08-13TMO")
    );
    assert_eq!(
        one("It happened two years ago.", TUE),
        t("two years ago", "DATE", "2022")
    );
    assert_eq!(
        one("It happened 10 days ago.", TUE),
        t("10 days ago", "DATE", "2024-08-03")
    );
    assert_eq!(one("He quit last week.", None).2, "XXXX-WXX");
    assert_eq!(one("He left yesterday.", None).2, "XXXX-XX-XX");
}

#[test]
fn modern_formats() {
    assert_eq!(
        one("Updated 2024-08-13T14:05:00Z by staff.", None),
        t("2024-08-13T14:05:00Z", "TIME", "2024-08-13T14:05")
    );
    assert_eq!(
        one("Filed 2024-08-13.", None),
        t("2024-08-13", "DATE", "2024-08-13")
    );
    assert_eq!(
        one("Results are due Tues., Aug. 13, officials said.", None),
        t("Tues., Aug. 13", "DATE", "XXXX-08-13")
    );
    assert_eq!(
        one("The rally this past weekend drew crowds.", TUE).2,
        "2024-W32-WE"
    );
    assert_eq!(
        one("It ends by spring 2026.", TUE),
        t("spring 2026", "DATE", "2026-SP")
    );
    assert_eq!(
        one("Polls close at 5 p.m. Nov. 5.", None).2,
        "XXXX-11-05T17:00"
    );
}

#[test]
fn durations() {
    assert_eq!(
        one("The audio began after an hour.", TUE),
        t("an hour", "DURATION", "PT1H")
    );
    assert_eq!(
        one("Prices rose over the past three years.", TUE),
        t("the past three years", "DURATION", "P3Y")
    );
    assert_eq!(
        one("It lasted more than 40 minutes.", TUE),
        t("more than 40 minutes", "DURATION", "PT40M")
    );
    assert_eq!(
        one("He served a two-year term.", TUE),
        t("two-year", "DURATION", "P2Y")
    );
    // Hyphenated: one or two number parts, then a unit, then nothing or "long".
    assert_eq!(
        run("A 30-day delay, a day-long strike, a twenty-four-hour watch, a two-week-long trip, a 6-year-old boy, a well-known man, a two-year-old-style plan.", TUE),
        vec![
            t("30-day", "DURATION", "P30D"),
            t("day-long", "DURATION", "PXD"),
            t("twenty-four-hour", "DURATION", "PT24H"),
            t("two-week-long", "DURATION", "P2W"),
        ]
    );
    assert_eq!(
        one("It took 2 1/2 years.", TUE),
        t("2 1/2 years", "DURATION", "P2Y6M")
    );
    assert_eq!(
        one("It took two and a half hours.", TUE),
        t("two and a half hours", "DURATION", "PT2H30M")
    );
    // Digits too (the scan's cheap start test once let this pass as "a half years").
    assert_eq!(
        one("The program took 22 and a half years.", TUE),
        t("22 and a half years", "DURATION", "P22Y6M")
    );
    assert_eq!(
        one("She won in 1 minute 53.706 seconds.", TUE),
        t("1 minute 53.706 seconds", "DURATION", "PT1M53.706S")
    );
    assert_eq!(
        one("The talks lasted 2 hours and 15 minutes.", TUE),
        t("2 hours and 15 minutes", "DURATION", "PT2H15M")
    );
    // A decimal keeps the digits written (no binary floating-point noise).
    assert_eq!(
        one("He was 0.36 seconds slower.", TUE),
        t("0.36 seconds", "DURATION", "PT0.36S")
    );
    // "an hour a day" is a rate, not one duration.
    assert_eq!(
        run("She runs an hour a day.", TUE),
        [
            t("an hour", "DURATION", "PT1H"),
            t("a day", "DURATION", "P1D")
        ]
    );
    assert_eq!(
        run("She trained for an hour a day.", TUE),
        [
            t("an hour", "DURATION", "PT1H"),
            t("a day", "DURATION", "P1D")
        ]
    );
    assert_eq!(
        one("It took several weeks.", TUE),
        t("several weeks", "DURATION", "PXW")
    );
    assert_eq!(
        one("Prices rose over the past year.", TUE),
        t("the past year", "DURATION", "P1Y")
    );
    assert_eq!(
        one("It took about two decades.", TUE),
        t("about two decades", "DURATION", "P20Y")
    );
    // Rates are not durations.
    assert!(run(
        "It saves $500 million a year and adds 700 seats a week.",
        TUE
    )
    .is_empty());
}

#[test]
fn sets() {
    assert_eq!(
        one("They meet every Monday.", TUE),
        t("every Monday", "SET", "XXXX-WXX-1")
    );
    assert_eq!(one("It is published daily.", TUE), t("daily", "SET", "P1D"));
    // A clock time beside a recurring day recurs with it: not a time on the article's day.
    assert_eq!(
        one("The shop opens daily at 9 a.m.", TUE),
        t("daily at 9 a.m.", "SET", "XXXX-XX-XXT09:00")
    );
    assert_eq!(
        one("They meet every Monday at 10:30 a.m.", TUE),
        t("every Monday at 10:30 a.m.", "SET", "XXXX-WXX-1T10:30")
    );
    assert_eq!(
        one("At 8 p.m. every Friday the bells ring.", TUE),
        t("8 p.m. every Friday", "SET", "XXXX-WXX-5T20:00")
    );
    // A clock time on an unresolved day with a part of the day takes only the day.
    assert_eq!(
        one("It began at noon yesterday morning.", None),
        t("noon yesterday morning", "TIME", "XXXX-XX-XXT12:00")
    );
    // A day named once keeps its time: "on Monday at 10 a.m." is that Monday.
    assert_eq!(
        run("He left on Monday at 10 a.m.", TUE),
        [
            t("Monday", "DATE", "2024-08-12"),
            t("10 a.m.", "TIME", "2024-08-12T10:00")
        ]
    );
    assert_eq!(
        one("They meet twice a week.", TUE),
        t("twice a week", "SET", "P1W")
    );
    assert_eq!(
        one("Trash goes out every other week.", TUE),
        t("every other week", "SET", "P2W")
    );
    assert_eq!(
        one("He plays on Tuesday nights.", TUE),
        t("Tuesday nights", "SET", "XXXX-WXX-2TNI")
    );
    assert_eq!(
        one("Each year the fair returns.", TUE),
        t("Each year", "SET", "P1Y")
    );
}

#[test]
fn years_decades_quarters_seasons() {
    assert_eq!(
        one("Growth slowed in the 1990s.", TUE),
        t("the 1990s", "DATE", "199X")
    );
    assert_eq!(
        one("Prices peaked in mid-2024.", TUE),
        t("mid-2024", "DATE", "2024")
    );
    assert!(run("Prices peaked in mid-2024.", TUE)[0].0.contains("mid"));
    let doc = Document::new("Prices peaked in mid-2024.");
    assert!(detect(&doc, None)[0].reason().contains("MID"));
    assert_eq!(one("Profit rose in Q3.", TUE), t("Q3", "DATE", "2024-Q3"));
    assert_eq!(
        one("Profit rose in the third quarter.", TUE),
        t("the third quarter", "DATE", "2024-Q3")
    );
    assert_eq!(
        one("Profit rose in the fourth quarter.", Some("2024-02-01")).2,
        "2023-Q4"
    );
    assert_eq!(
        one("Third-quarter profit rose.", TUE),
        t("Third-quarter", "DATE", "2024-Q3")
    );
    assert_eq!(
        one("The park reopens this spring.", TUE),
        t("this spring", "DATE", "2024-SP")
    );
    assert_eq!(
        one("The park closed last fall.", TUE),
        t("last fall", "DATE", "2023-FA")
    );
    assert_eq!(
        one("It was built in the 20th century.", TUE),
        t("the 20th century", "DATE", "19")
    );
    assert_eq!(
        one("It peaked in the late 1970s.", TUE),
        t("the late 1970s", "DATE", "197X")
    );
    assert_eq!(
        one("Sales for fiscal 1989 rose.", TUE),
        t("fiscal 1989", "DATE", "1989")
    );
    assert_eq!(
        one("By early 1990 it was gone.", TUE),
        t("early 1990", "DATE", "1990")
    );
    assert_eq!(
        one("It costs $2024 now.", TUE),
        t("now", "DATE", "PRESENT_REF")
    );
}

#[test]
fn references_to_present_past_future() {
    assert_eq!(
        one("He is now the leader.", TUE),
        t("now", "DATE", "PRESENT_REF")
    );
    assert_eq!(
        one("He recently left.", TUE),
        t("recently", "DATE", "PAST_REF")
    );
    assert_eq!(
        one("It may change in the future.", TUE),
        t("the future", "DATE", "FUTURE_REF")
    );
    assert_eq!(
        one("He currently leads.", TUE),
        t("currently", "DATE", "PRESENT_REF")
    );
}

#[test]
fn unresolved_values_without_an_article_date() {
    let r = run(
        "Sales fell last year and rose this spring, in July and on Aug. 3.",
        None,
    );
    let values: Vec<&str> = r.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(values, ["XXXX", "XXXX-SP", "XXXX-07", "XXXX-08-03"]);
}

#[test]
fn spans_are_sorted_and_disjoint_on_odd_input() {
    for text in [
        "",
        "Monday",
        "every",
        "the",
        "2024-",
        "Aug.",
        "June 3-",
        "8:",
        "12:60 pm",
        "mid-",
        "'80s",
        "the '",
        "Q9",
        "1/2",
        "€ Aug. 1, 2020 ü 東京 3 p.m. E.T.",
        "a a a a",
        "in the the past past year year ago ago",
    ] {
        let doc = Document::new(text);
        let spans = detect(&doc, Some(d("2024-08-13")));
        let mut end = 0;
        for s in &spans {
            assert!(
                s.start() >= end && s.start() < s.end() && s.end() <= text.len(),
                "{text:?}"
            );
            assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
            end = s.end();
        }
    }
}

#[test]
fn the_dateline_day_test_keeps_possessives_and_plurals() {
    let doc =
        Document::new("Monday\u{2019}s mondays August's 3 third last the said days x\u{2019}s");
    let low = doc.lowercase();
    let scan = Scanner::bare(&doc, low, None);
    let starts: Vec<bool> = (0..doc.tokens().len())
        .map(|i| scan.could_start_day(i))
        .collect();
    assert_eq!(
        starts,
        [true, true, true, true, true, true, false, false, false, false]
    );
}
