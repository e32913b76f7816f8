//! The crate's own calendar arithmetic (`article_annotator::Date`, src/timex/date.rs)
//! against jiff's, the library it replaced (a dev-dependency only), over years 1600-2400:
//! validation, weekdays, moving by days and months, days between, weekday steps, ISO weeks.

use article_annotator::Date;
use jiff::civil::{Date as JDate, Weekday};
use jiff::{Span, ToSpan};
use proptest::prelude::*;

fn ours(j: JDate) -> Date {
    Date::new(j.year(), j.month(), j.day()).expect("every jiff date in range is valid here")
}

fn theirs(d: Date) -> JDate {
    JDate::new(d.year(), d.month(), d.day()).expect("every date here is valid in jiff")
}

fn jiff_weekday(n: u8) -> Weekday {
    Weekday::from_monday_one_offset(n as i8).unwrap()
}

/// Any jiff date from 1600-01-01 to 2400-12-31.
fn a_date() -> impl Strategy<Value = JDate> {
    let first = JDate::new(1600, 1, 1).unwrap();
    let span = first
        .until(JDate::new(2400, 12, 31).unwrap())
        .unwrap()
        .get_days();
    (0..=span).prop_map(move |n| first.checked_add(n.days()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn construction_agrees(y in 1600i16..=2400, m in -1i8..=14, d in -1i8..=33) {
        let o = Date::new(y, m, d).map(|x| (x.year(), x.month(), x.day()));
        let j = JDate::new(y, m, d).ok().map(|x| (x.year(), x.month(), x.day()));
        prop_assert_eq!(o, j);
    }

    #[test]
    fn weekday_iso_week_and_text_agree(j in a_date()) {
        let d = ours(j);
        prop_assert_eq!(i8::try_from(d.weekday()).unwrap(), j.weekday().to_monday_one_offset());
        let w = j.iso_week_date();
        prop_assert_eq!(d.iso_week(), (i32::from(w.year()), w.week() as u8));
        prop_assert_eq!(d.to_string(), j.to_string());
        prop_assert_eq!(article_annotator::parse_ymd(&j.to_string()), Some(d));
    }

    #[test]
    fn day_and_month_steps_agree(j in a_date(), n in -40_000i64..=40_000, months in -3000i64..=3000) {
        let d = ours(j);
        let jd = j.checked_add(Span::new().try_days(n).unwrap()).ok().map(ours);
        prop_assert_eq!(d.checked_add_days(n), jd);
        let jm = j.checked_add(Span::new().try_months(months).unwrap()).ok().map(ours);
        prop_assert_eq!(d.checked_add_months(months), jm);
        let jy = j.checked_add(Span::new().try_years(months / 12).unwrap()).ok().map(ours);
        prop_assert_eq!(d.checked_add_months((months / 12) * 12), jy);
    }

    #[test]
    fn distances_and_order_agree(a in a_date(), b in a_date()) {
        let (x, y) = (ours(a), ours(b));
        prop_assert_eq!(x.days_until(y), i64::from(a.until(b).unwrap().get_days()));
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        prop_assert_eq!(theirs(x), a);
    }

    #[test]
    fn weekday_steps_agree(j in a_date(), n in -6i32..=6, nth in -6i8..=6, wd in 1u8..=7) {
        let d = ours(j);
        let want = j.nth_weekday(n, jiff_weekday(wd)).ok().map(ours);
        prop_assert_eq!(d.nth_weekday(n, wd), want);
        let want = j.nth_weekday_of_month(nth, jiff_weekday(wd)).ok().map(ours);
        prop_assert_eq!(d.nth_weekday_of_month(nth, wd), want);
    }
}

#[test]
fn range_ends_agree() {
    for (y, m, d) in [(-9999, 1, 1), (9999, 12, 31), (0, 2, 29), (-1, 12, 31)] {
        let j = JDate::new(y, m, d).unwrap();
        let o = ours(j);
        assert_eq!(o.weekday() as i8, j.weekday().to_monday_one_offset(), "{j}");
        for n in [-1i64, 1, 400, -400] {
            let jd = j.checked_add(n.days()).ok().map(ours);
            assert_eq!(o.checked_add_days(n), jd, "{j} + {n} days");
            let jm = j.checked_add(n.months()).ok().map(ours);
            assert_eq!(o.checked_add_months(n), jm, "{j} + {n} months");
        }
    }
}
