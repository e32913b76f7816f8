//! Offsets across units: every span's UTF-16 and code point offsets select exactly the text
//! its UTF-8 byte offsets select, with emoji (surrogate pairs, ZWJ sequences, flags), CJK,
//! combining marks, right-to-left text and CRLF before and inside the marks.

use article_annotator::output::{to_output, Unit};
use article_annotator::{annotate, Category, Options};

const TEXT: &str = "👩‍👩‍👧 🇺🇦 東京で、Elon Musk said on Aug. 12, 2024 that the café\u{301} may have \
                    closed.\r\nשלום. Zoë Müller-Lüdenscheidt, a Russian official, arrived in Paris \
                    in July. €5 🤷🏽‍♀️ Some experts say the deal could collapse.";

fn utf16_slice(units: &[u16], start: usize, end: usize) -> String {
    String::from_utf16(&units[start..end]).expect("a UTF-16 span never splits a surrogate pair")
}

#[test]
fn utf16_and_code_point_offsets_select_the_same_text_as_bytes() {
    let options = Options::new().with_article_date("2024-08-13").unwrap();
    let annotations = annotate(TEXT, &options);
    let units: Vec<u16> = TEXT.encode_utf16().collect();
    let chars: Vec<char> = TEXT.chars().collect();
    let utf16 = to_output(TEXT, &annotations, Unit::Utf16);
    let code_points = to_output(TEXT, &annotations, Unit::CodePoint);
    for ((span, u), c) in annotations
        .spans()
        .iter()
        .zip(&utf16.spans)
        .zip(&code_points.spans)
    {
        let by_bytes = &TEXT[span.range()];
        assert_eq!(utf16_slice(&units, u.start, u.end), by_bytes);
        assert_eq!(chars[c.start..c.end].iter().collect::<String>(), by_bytes);
        assert_eq!(u.text, by_bytes);
        for ((cue, cu), cc) in span
            .cues()
            .iter()
            .zip(u.cues.iter().flatten())
            .zip(c.cues.iter().flatten())
        {
            assert_eq!(utf16_slice(&units, cu.start, cu.end), &TEXT[cue.range()]);
            assert_eq!(
                chars[cc.start..cc.end].iter().collect::<String>(),
                &TEXT[cue.range()]
            );
        }
        if let (Some(source), Some(us)) = (span.source(), &u.source) {
            assert_eq!(utf16_slice(&units, us.start, us.end), &TEXT[source]);
        }
    }
    // The text must actually exercise all three layers after the multi-unit characters.
    let texts = |category| -> Vec<&str> {
        utf16
            .spans
            .iter()
            .filter(|s| s.category == category)
            .map(|s| s.text)
            .collect()
    };
    assert!(
        texts(Category::Entity.as_str()).contains(&"Elon Musk"),
        "{:?}",
        texts("entity")
    );
    assert!(
        texts(Category::Time.as_str()).contains(&"Aug. 12, 2024"),
        "{:?}",
        texts("time")
    );
    assert!(
        texts(Category::Claim.as_str())
            .iter()
            .any(|t| t.contains("may have")),
        "{:?}",
        texts("claim")
    );
}
