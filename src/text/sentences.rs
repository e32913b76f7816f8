//! Sentence splitting over tokens.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it)
//! when the next token starts a sentence, and at a blank line. A period does not end a
//! sentence after a known abbreviation ("Gov.", "Pa.", "Mr.", "Sept."), an initial ("J. K.")
//! or a dotted acronym ("U.S.", "a.m.") unless the next word is one that usually starts a
//! sentence ("The", "He"). A single line break ends a sentence unless the next line starts
//! in lowercase (a hard-wrapped paragraph).

use super::tokens::{Token, TokenKind};
use super::Sentence;

/// Abbreviations that take a period and rarely end a sentence: titles, AP state and month
/// abbreviations, company suffixes, common Latin abbreviations. Lowercase, without the dot.
/// Sorted, for binary search.
const ABBREVIATIONS: &str = "\
    adm ala apr ariz ark assn aug ave blvd brig bros calif capt cf cmdr co col colo conn corp \
    cpl dec del dept dr e.g ens esq etc feb fig fla ft ga gen gov hon i.e ill inc ind jan jr \
    kan kans ky la lt ltd maj mass md messrs mich minn miss mo mont mr mrs ms msgr mt neb nev \
    no nos nov oct okla ore pa pfc pp prof pvt rep reps rev sen sens sept sgt sr st supt tenn \
    tex univ va vol vs vt wash wis wyo";

/// Words that usually begin a sentence and rarely follow "Inc." or "Pa." inside one: after
/// an abbreviation or acronym they signal a boundary. Sorted, for binary search.
const SENTENCE_STARTERS: &str = "\
    A According After Also Although Among An And Another As At Because Before Both But By \
    Despite During Each Even Few For From He Her Here His How However I If In Instead It It's \
    Its Many Meanwhile More Most Much No None Now Officials On One Only Others Our \
    Particularly Police She Since So Some Still That That's The Their Then There There's \
    These They This Those Though Thus To Under Until We What When Where Whether Which While \
    Who Why With Without Yet You";

/// Titles precede a name, so a period after them never ends a sentence. Lowercase, sorted,
/// for binary search; each is also in [`ABBREVIATIONS`].
const TITLES: &str =
    "adm capt col cpl dr gen gov hon lt maj mr mrs ms msgr prof pvt rep rev sen sgt st";

/// Whether `word` is a known abbreviation: `Some(true)` for a title, `Some(false)` for
/// another abbreviation, `None` for neither.
fn abbreviation(word: &str) -> Option<bool> {
    // Lowercased on the stack. Quick rejects: the list's longest entry has six letters,
    // all start with a letter.
    if word.len() > 6 || !word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut buf = [0u8; 8];
    let lower = buf.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    super::in_sorted_words(ABBREVIATIONS, lower).then(|| super::in_sorted_words(TITLES, lower))
}

fn is_closing(c: &str) -> bool {
    matches!(
        c,
        "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}" | "\u{00bb}" | "\u{203a}"
    )
}

fn starts_sentence(text: &str, next: &Token) -> bool {
    let s = next.text(text);
    let first = s.chars().next().unwrap_or(' ');
    first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(
            s,
            "\"" | "'"
                | "`"
                | "("
                | "["
                | "\u{201c}"
                | "\u{2018}"
                | "\u{00ab}"
                | "-"
                | "\u{2014}"
                | "*"
        )
        || !first.is_alphabetic() && next.kind == TokenKind::Word
        // Currency signs, emoji and other symbols: "$5 million was…", "€5", "🤷".
        || next.kind == TokenKind::Punct && (first == '$' || !first.is_ascii_punctuation() && !is_closing(s))
}

/// Wire-service credit lines end a dateline: "O'SMACH, Cambodia (AP) _ The …",
/// "WASHINGTON (Reuters) - …". True when tokens `i-3..=i` are `( AGENCY ) dash`.
fn ends_dateline(text: &str, tokens: &[Token], i: usize) -> bool {
    const AGENCIES: [&str; 6] = ["AP", "AFP", "Reuters", "UPI", "CNN", "Bloomberg"];
    i >= 3
        && matches!(tokens[i].text(text), "_" | "-" | "\u{2014}" | "\u{2013}")
        && tokens[i - 1].text(text) == ")"
        && AGENCIES.contains(&tokens[i - 2].text(text))
        && tokens[i - 3].text(text) == "("
}

/// Whether a sentence may end after `token` by what it is: a terminator (`.` `!` `?` `…`,
/// or a word ending in a period such as "U.S.") or a dash (`_` `-` `—` `–`, credit lines).
/// Bytes, not text: one or two loads. (The tokenizer asks the same of the tokens it makes.)
pub(crate) fn may_end(bytes: &[u8], token: &Token) -> bool {
    bytes.get(token.end().wrapping_sub(1)) == Some(&b'.')
        || matches!(
            bytes.get(token.start()),
            Some(b'!' | b'?' | b'_' | b'-' | 0xE2)
        )
}

/// Returns the sentences of `text`, in order: byte ranges trimmed of surrounding whitespace
/// and the index ranges of their tokens. Every token lies in exactly one sentence. One pass
/// over the tokens; a token is read as text only where a boundary is possible.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    // The tokens a sentence may end after: by what they are, or before a gap other than
    // none or one character other than a line break. Every other token continues its
    // sentence.
    let breaks: Vec<u32> = (0..tokens.len())
        .filter(|&i| {
            let token = &tokens[i];
            may_end(bytes, token)
                || tokens.get(i + 1).is_some_and(|next| {
                    let gap = next.start().wrapping_sub(token.end());
                    !(gap == 0 || gap == 1 && bytes.get(token.end()) != Some(&b'\n'))
                })
        })
        .map(|i| i as u32)
        .collect();
    split_at_breaks(text, tokens, &breaks)
}

/// [`split_sentences`] given the indices of the tokens a sentence may end after (sorted;
/// any superset of those [`split_sentences`] finds gives the same sentences): only those
/// are looked at, the others are skipped unread. [`super::tokens::tokenize_with_breaks`]
/// lists them as it makes the tokens.
pub(crate) fn split_at_breaks(text: &str, tokens: &[Token], breaks: &[u32]) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let token_bytes = |t: &Token| bytes.get(t.start()..t.end()).unwrap_or(&[]);
    // News sentences run about 25 tokens.
    let mut sentences = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut push = |first: usize, last: usize| {
        sentences.push(Sentence {
            range: tokens[first].start()..tokens[last].end(),
            tokens: first..last + 1,
        })
    };
    let mut first = 0; // index of the sentence's first token
    let mut i = 0; // the next token not yet looked at
    for &at in breaks {
        let at = at as usize;
        // Taken into the previous boundary (closing quotes, repeated terminators).
        if at < i {
            continue;
        }
        i = at;
        let Some(&token) = tokens.get(i) else {
            break;
        };
        let mut end_here = false;
        let mut last = i; // last token of the sentence if it ends here
        let t = token_bytes(&token);
        // ".", "!", "?", "…", or a token ending in a period ("U.S.").
        if matches!(t, b"!" | b"?" | b"\xE2\x80\xA6") || t.last() == Some(&b'.') {
            // Absorb repeated terminators and closing quotes/brackets: `?!`, `."`, `.)`.
            while last + 1 < tokens.len()
                && tokens[last + 1].start() == tokens[last].end()
                && (matches!(tokens[last + 1].text(text), "." | "!" | "?")
                    || is_closing(tokens[last + 1].text(text)))
            {
                last += 1;
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(next) => {
                    starts_sentence(text, next) && !is_non_final_period(text, tokens, i, next)
                }
            };
        }
        // Credit-line dashes are one to three bytes: `_`, `-`, `—`, `–`.
        if !end_here
            && t.len() <= 3
            && matches!(t.first(), Some(b'_' | b'-' | 0xE2))
            && ends_dateline(text, tokens, i)
            && i + 1 < tokens.len()
        {
            end_here = true;
        }
        if !end_here {
            // Line breaks: a blank line always ends a sentence; a single one unless the next
            // line continues in lowercase.
            if let Some(next) = tokens.get(i + 1) {
                let gap = bytes.get(token.end()..next.start()).unwrap_or(&[]);
                // Most gaps are one space or nothing.
                if gap.len() > 1 || gap == b"\n" {
                    let newlines = gap.iter().filter(|&&b| b == b'\n').count();
                    if newlines >= 2 {
                        end_here = true;
                    } else if newlines == 1 {
                        let next_lower = next
                            .text(text)
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase);
                        end_here = !next_lower;
                    }
                }
            }
        }
        if end_here {
            push(first, last);
            first = last + 1;
        }
        i = last + 1;
    }
    if first < tokens.len() {
        push(first, tokens.len() - 1);
    }
    sentences
}

/// Whether the period at token `i` belongs to an abbreviation rather than ending a sentence.
fn is_non_final_period(text: &str, tokens: &[Token], i: usize, next: &Token) -> bool {
    let t = tokens[i].text(text);
    // Looked up only where it matters: most periods follow a plain word.
    let starter = || super::in_sorted_words(SENTENCE_STARTERS, next.text(text).as_bytes());
    if t.len() > 1 {
        // A dotted acronym token such as "U.S." or "p.m.".
        return !starter();
    }
    if t != "." || i == 0 || tokens[i - 1].end() != tokens[i].start() {
        return false;
    }
    let prev = tokens[i - 1].text(text);
    let prev_is_word = tokens[i - 1].kind == TokenKind::Word;
    // An initial: one uppercase letter ("J. K. Rowling"), unless a starter follows.
    let initial = prev_is_word
        && prev.len() <= 4
        && prev.chars().count() == 1
        && prev.chars().all(char::is_uppercase);
    if initial {
        return !starter();
    }
    prev_is_word && abbreviation(prev).is_some_and(|title| title || !starter())
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;
    use std::ops::Range;

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [ABBREVIATIONS, SENTENCE_STARTERS, TITLES] {
            let words: Vec<&str> = list.split(' ').collect();
            assert!(words.windows(2).all(|w| w[0] < w[1]));
        }
        // is_abbreviation's quick rejects rely on these.
        assert!(ABBREVIATIONS
            .split(' ')
            .all(|a| a.len() <= 6 && a.starts_with(|c: char| c.is_ascii_lowercase())));
        // Titles are looked up only among abbreviations.
        assert!(TITLES
            .split(' ')
            .all(|t| crate::text::in_sorted_words(ABBREVIATIONS, t.as_bytes())));
    }

    #[test]
    fn abbreviations_titles_and_initials_do_not_split() {
        assert_eq!(
            split("Florida Gov. Ron DeSantis spoke in Butler, Pa. on Monday. J. K. Rowling and Mr. Smith left at 9 a.m. Eastern."),
            [
                "Florida Gov. Ron DeSantis spoke in Butler, Pa. on Monday.",
                "J. K. Rowling and Mr. Smith left at 9 a.m. Eastern."
            ]
        );
    }

    #[test]
    fn acronym_at_end_of_sentence_splits_before_a_starter() {
        assert_eq!(
            split("He moved to the U.S. The move was quick. The U.S. Army agreed."),
            [
                "He moved to the U.S.",
                "The move was quick.",
                "The U.S. Army agreed."
            ]
        );
    }

    #[test]
    fn quotes_and_question_marks() {
        assert_eq!(
            split("\u{201c}Is it over?\u{201d} she asked. \u{201c}Yes.\u{201d} He left!"),
            [
                "\u{201c}Is it over?\u{201d} she asked.",
                "\u{201c}Yes.\u{201d}",
                "He left!"
            ]
        );
    }

    #[test]
    fn ascii_double_backtick_quotes_open_a_sentence() {
        assert_eq!(
            split("He left early. ``It was late,'' he said."),
            ["He left early.", "``It was late,'' he said."]
        );
    }

    #[test]
    fn corporate_suffix_before_a_sentence_starter_splits() {
        assert_eq!(
            split(
                "Shares rose at Acme Inc. That's a record. Acme Inc. Chief Executive Jo Li agreed."
            ),
            [
                "Shares rose at Acme Inc.",
                "That's a record.",
                "Acme Inc. Chief Executive Jo Li agreed."
            ]
        );
    }

    #[test]
    fn symbols_and_emoji_start_sentences() {
        assert_eq!(
            split("It cost a lot. $5 million was spent. Nice. 🤷 Some say so."),
            [
                "It cost a lot.",
                "$5 million was spent.",
                "Nice.",
                "🤷 Some say so."
            ]
        );
        assert_eq!(
            split("The pH. Others countered."),
            ["The pH.", "Others countered."]
        );
    }

    #[test]
    fn wire_datelines_are_their_own_sentence() {
        assert_eq!(
            split("KABUL, Afghanistan (AP) _ The talks ended. BERLIN (Reuters) - Rain fell."),
            [
                "KABUL, Afghanistan (AP) _",
                "The talks ended.",
                "BERLIN (Reuters) -",
                "Rain fell."
            ]
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            split("HEADLINE WITHOUT A PERIOD\nBody starts here and\ncontinues here.\n\nNext"),
            [
                "HEADLINE WITHOUT A PERIOD",
                "Body starts here and\ncontinues here.",
                "Next"
            ]
        );
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(split("").is_empty());
        assert!(split("  \n ").is_empty());
        assert_eq!(split("no terminator"), ["no terminator"]);
    }

    /// The splitter before its fast path, kept as the reference the fast one must agree
    /// with.
    fn reference_split(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        let mut first = 0; // index of the sentence's first token
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i];
            let mut end_here = false;
            let mut last = i; // last token of the sentence if it ends here
            let t = token.text(text);
            if matches!(t, "." | "!" | "?" | "\u{2026}") || t.ends_with('.') && t.len() > 1 {
                // Absorb repeated terminators and closing quotes/brackets: `?!`, `."`, `.)`.
                while last + 1 < tokens.len()
                    && tokens[last + 1].start() == tokens[last].end()
                    && (matches!(tokens[last + 1].text(text), "." | "!" | "?")
                        || is_closing(tokens[last + 1].text(text)))
                {
                    last += 1;
                }
                end_here = match tokens.get(last + 1) {
                    None => true,
                    Some(next) => {
                        starts_sentence(text, next) && !is_non_final_period(text, tokens, i, next)
                    }
                };
            }
            if !end_here && ends_dateline(text, tokens, i) && i + 1 < tokens.len() {
                end_here = true;
            }
            if !end_here {
                // Line breaks: a blank line always ends a sentence; a single one unless the next
                // line continues in lowercase.
                if let Some(next) = tokens.get(i + 1) {
                    let gap = &text[token.end()..next.start()];
                    let newlines = gap.matches('\n').count();
                    let next_lower = next
                        .text(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase);
                    if newlines >= 2 || newlines == 1 && !next_lower {
                        end_here = true;
                    }
                }
            }
            if end_here {
                sentences.push(tokens[first].start()..tokens[last].end());
                first = last + 1;
            }
            i = last + 1;
        }
        if first < tokens.len() {
            sentences.push(tokens[first].start()..tokens[tokens.len() - 1].end());
        }
        sentences
    }

    #[test]
    fn the_tokenizers_breaks_give_the_same_sentences() {
        for text in super::super::tokens::tests::tricky_strings(20_000) {
            let (tokens, breaks) = super::super::tokens::tokenize_with_breaks(&text);
            assert!(breaks.windows(2).all(|w| w[0] < w[1]), "{text:?}");
            let fast = split_at_breaks(&text, &tokens, &breaks);
            let ranges: Vec<_> = fast.iter().map(|s| s.range.clone()).collect();
            assert_eq!(ranges, reference_split(&text, &tokens), "{text:?}");
            assert_eq!(fast, split_sentences(&text, &tokens), "{text:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_reference_splitter() {
        for text in super::super::tokens::tests::tricky_strings(20_000) {
            let tokens = tokenize(&text);
            let fast = split_sentences(&text, &tokens);
            let reference = reference_split(&text, &tokens);
            let ranges: Vec<_> = fast.iter().map(|s| s.range.clone()).collect();
            assert_eq!(ranges, reference, "{text:?}");
            // Token ranges partition the tokens, in order, each inside its byte range.
            let mut next = 0;
            for s in &fast {
                assert_eq!(s.tokens.start, next, "{text:?}");
                assert!(s.tokens.end > s.tokens.start);
                next = s.tokens.end;
                assert_eq!(tokens[s.tokens.start].start(), s.range.start);
                assert_eq!(tokens[s.tokens.end - 1].end(), s.range.end);
            }
            assert_eq!(next, tokens.len(), "{text:?}");
        }
    }
}
