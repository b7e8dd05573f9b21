//! "Did you mean …?" for misspelt names, fields, functions and rule ids.

/// Names longer than this get no suggestion: edit distance is quadratic in the length.
const MAX_LEN: usize = 64;

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo:
/// at most one edit for short names, about one per three characters for longer ones.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let len = name.chars().count();
    if len == 0 || len > MAX_LEN {
        return None;
    }
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name && c.chars().count() <= MAX_LEN)
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            left = cost.min(up.saturating_add(1)).min(left + 1);
            next.push(left);
            diagonal = up;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// The clause a message ends with when `name` looks like a misspelling of one of `known`
/// ("；你是否想用 `x`？"), or nothing.
pub fn suggestion<'c>(name: &str, known: impl IntoIterator<Item = &'c str>) -> String {
    closest(name, known).map(|k| format!("；你是否想用 `{k}`？")).unwrap_or_default()
}

/// The help text for a suggestion.
pub fn did_you_mean(candidate: &str) -> String {
    format!("你是否想用 `{candidate}`？（did you mean `{candidate}`?）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("summ", "sum"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("执行率", "执行数"), 1);
    }

    #[test]
    fn closest_picks_a_near_candidate_only() {
        let names = ["sum", "round", "exists"];
        assert_eq!(closest("summ", names), Some("sum"));
        assert_eq!(closest("exsits", names), Some("exists"));
        assert_eq!(closest("zzzzzz", names), None);
        assert_eq!(closest("sum", names), None, "an exact name is not a suggestion");
    }
}
