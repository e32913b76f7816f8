//! Naming a claim's source from the text: the subject noun phrase before a reporting verb
//! ("Elon Musk's company said …"), the noun phrase after "according to", or after a
//! postposed verb ("…, said the company").
//!
//! No parser: a noun phrase is a run of words walked back from the verb, stopping at
//! punctuation, clause words ("that", "who", "and") and verbs, taking a determiner as its
//! first word, and never cutting through an entity span. A parenthetical between subject
//! and verb ("Trump, who was injured …, repeated") is skipped.

use super::cues::SentenceView;

/// Words that end a noun phrase when walking back from a verb (or forward from a
/// preposition): clause words, prepositions, auxiliaries and common verbs.
/// (Every list here is sorted and space-separated, for [`is`].)
const STOP: &str = "\
    about after against also although am and are as at be because been before being but by \
    can could did do does during for from had has have how if in into is may might not on or \
    over said says should since so than that then there though through to under until was \
    were what when where whether which while who whom whose why will with would yet";

/// Determiners begin a noun phrase: the walk back includes one and stops.
const DETERMINERS: &str = "\
    a an another any each every her his its many most my our several some the their these \
    this those your";

/// Pronouns are a whole subject on their own.
const PRONOUNS: &str = "he i it one she somebody someone they we you";

/// Adverbs and auxiliaries that may stand between a subject and its verb.
const BETWEEN: &str = "\
    again allegedly already also baselessly earlier erroneously falsely first further \
    furthermore had has have herself himself initially itself later long never often once \
    previously privately publicly quickly recently repeatedly reportedly separately \
    subsequently themselves then will would wrongly";

/// Words that open a parenthetical after a subject: "Trump, who …,", "Musk, the owner of
/// X,".
const PARENTHETICAL: &str = "a an the which who whom whose";

/// The longest subject we name, in tokens.
const MAX_NP: usize = 7;

/// Whether `w` is in `list` (one of the lists above: sorted, space-separated).
fn is(list: &str, w: &str) -> bool {
    crate::text::in_sorted_words(list, w.as_bytes())
}

fn capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The subject noun phrase before local token `verb` of `view`, as a local token range.
pub fn subject_before(
    view: &SentenceView,
    entity: &[Option<u32>],
    verb: usize,
) -> Option<(usize, usize)> {
    let mut i = verb.min(view.norm.len());
    let lowest = i.saturating_sub(4);
    while i > lowest && is(BETWEEN, &view.norm[i - 1]) {
        i -= 1;
    }
    if i > 0 && &view.norm[i - 1] == "," {
        // A name set off by commas right before the verb is the source: "the boy's
        // great-uncle, Lazaro Gonzalez, denied" (the words before it describe him).
        let comma = i - 1;
        if let Some(id) = comma
            .checked_sub(1)
            .and_then(|t| entity.get(t).copied().flatten())
        {
            let mut start = comma - 1;
            while start > 0 && entity.get(start - 1).copied().flatten() == Some(id) {
                start -= 1;
            }
            if start > 0 && &view.norm[start - 1] == "," {
                return Some((start, comma));
            }
        }
        i = skip_parenthetical(view, comma)?;
    }
    let end = i;
    let mut allowed_of = true;
    while i > 0 && end - i < MAX_NP {
        let t = i - 1;
        if let Some(id) = entity.get(t).copied().flatten() {
            // Never cut an entity: take all of it.
            while i > 0 && entity.get(i - 1).copied().flatten() == Some(id) {
                i -= 1;
            }
            continue;
        }
        let w = &view.norm[t];
        if !view.is_word(t) {
            break;
        }
        if is(PRONOUNS, w) {
            if i == end {
                i -= 1;
            }
            break;
        }
        if is(DETERMINERS, w) {
            i -= 1;
            // "the head of the agency": one "of" attachment continues the phrase.
            let of_before = i >= 2
                && &view.norm[i - 1] == "of"
                && view.is_word(i - 2)
                && !is(STOP, &view.norm[i - 2])
                && !is(DETERMINERS, &view.norm[i - 2]);
            if allowed_of && of_before {
                allowed_of = false;
                i -= 1;
                continue;
            }
            break;
        }
        if w == "of"
            && allowed_of
            && i < end
            && t > 0
            && view.is_word(t - 1)
            && !is(STOP, &view.norm[t - 1])
            && !is(DETERMINERS, &view.norm[t - 1])
        {
            allowed_of = false;
            i -= 1;
            continue;
        }
        if is(STOP, w) || is(BETWEEN, w) {
            break;
        }
        // A lowercase word right after a capitalized one that is not the sentence start is
        // usually a verb or object of an earlier clause; stop at a sentence-internal
        // lowercase word only when a capitalized word already ends the phrase.
        i -= 1;
    }
    // A lone determiner is no source ("The allegations …").
    let only_determiner = end - i == 1 && is(DETERMINERS, &view.norm[i]);
    (i < end && !only_determiner).then_some((i, end))
}

/// From the comma at local token `comma` (just before the verb), finds the comma that opens
/// a parenthetical within 30 tokens and returns its index (the subject ends there).
fn skip_parenthetical(view: &SentenceView, comma: usize) -> Option<usize> {
    let lo = comma.saturating_sub(30);
    let mut j = comma;
    while j > lo {
        j -= 1;
        if &view.norm[j] == "," {
            let next = view.norm.get(j + 1).unwrap_or("");
            let next_orig = view.orig.get(j + 1).unwrap_or("");
            if is(PARENTHETICAL, next) || next.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                return Some(j);
            }
            // "Musk, X's owner, claimed": a capitalized word is ambiguous; keep looking.
            let _ = next_orig;
        }
        if matches!(&view.norm[j], ";" | "\"" | "\u{201c}" | "\u{201d}") {
            return None;
        }
    }
    None
}

/// The noun phrase starting at local token `start` ("the campaign" in "according to the
/// campaign, …"), as a local token range.
pub fn noun_phrase_after(
    view: &SentenceView,
    entity: &[Option<u32>],
    start: usize,
) -> Option<(usize, usize)> {
    let mut i = start;
    let n = view.norm.len();
    while i < n && i - start < MAX_NP + 2 {
        if let Some(id) = entity.get(i).copied().flatten() {
            while i < n && entity.get(i).copied().flatten() == Some(id) {
                i += 1;
            }
            continue;
        }
        let w = &view.norm[i];
        if !view.is_word(i) {
            break;
        }
        if i > start && (is(DETERMINERS, w) || is(PRONOUNS, w)) {
            break;
        }
        if w == "of" || w == "for" {
            // "an aide to", "a spokesman for the campaign": keep one attachment.
            if i + 1 < n && view.is_word(i + 1) {
                i += 1;
                continue;
            }
            break;
        }
        if is(STOP, w) && !(w == "to" && i > start) {
            break;
        }
        if w == "to" {
            // "an aide to the senator"
            i += 1;
            continue;
        }
        // A lowercase verb-like word after a name ends the phrase ("police say").
        if i > start
            && !capitalized(&view.orig[i])
            && capitalized(&view.orig[i - 1])
            && w.ends_with("ed")
        {
            break;
        }
        i += 1;
    }
    (i > start).then_some((start, i))
}

#[cfg(test)]
mod tests {
    use super::super::cues::{joined, with_test_view};
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STOP, DETERMINERS, PRONOUNS, BETWEEN, PARENTHETICAL] {
            let words: Vec<&str> = list.split(' ').collect();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{list}");
            assert!(words.iter().all(|w| !w.is_empty()), "{list}");
        }
    }

    fn with_view<R>(s: &str, f: impl FnOnce(&SentenceView, &[Option<u32>]) -> R) -> R {
        with_test_view(s, |view| f(view, &vec![None; view.norm.len()]))
    }

    fn subject(s: &str, verb: &str) -> Option<String> {
        with_view(s, |v, e| {
            let at = (0..v.orig.len()).position(|i| &v.orig[i] == verb)?;
            subject_before(v, e, at).map(|(a, b)| joined(v, a, b))
        })
    }

    #[test]
    fn subjects() {
        assert_eq!(
            subject("Musk attributed the outage to it", "attributed").as_deref(),
            Some("Musk")
        );
        assert_eq!(
            subject("Elon Musk's company said the glitch may", "said").as_deref(),
            Some("Elon Musk's company")
        );
        assert_eq!(
            subject(
                "Trump , who was hurt in Butler , Pa . , in July , repeated claims",
                "repeated"
            )
            .as_deref(),
            Some("Trump")
        );
        assert_eq!(
            subject("The head of the agency claimed", "claimed").as_deref(),
            Some("The head of the agency")
        );
        assert_eq!(
            subject("He also claimed that", "claimed").as_deref(),
            Some("He")
        );
        assert_eq!(subject("claimed that", "claimed"), None);
        assert_eq!(
            subject("the cost , analysts said", "said").as_deref(),
            Some("analysts")
        );
    }

    #[test]
    fn phrases_after() {
        let np = |s: &str, from: usize| {
            with_view(s, |v, e| {
                noun_phrase_after(v, e, from).map(|(a, b)| joined(v, a, b))
            })
        };
        assert_eq!(
            np("according to the campaign , it", 2).as_deref(),
            Some("the campaign")
        );
        assert_eq!(
            np("according to an aide to Sen. Smith .", 2).as_deref(),
            Some("an aide to Sen. Smith")
        );
        assert_eq!(np("according to .", 2), None);
    }
}
