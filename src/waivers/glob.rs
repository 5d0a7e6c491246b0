//! Anchored globs for waiver scopes: `*` matches any run of characters
//! (including none and `/`), `?` exactly one; everything else is literal.
//! A pattern matches the whole text, never a substring: `ci-*` matches
//! `ci-bot` but not `prod-ci-bot`.

pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point (the last `*`).
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs_are_anchored() {
        assert!(matches("Root/Workloads/*", "Root/Workloads/Prod/Web"));
        assert!(!matches("Workloads", "Root/Workloads"));
        assert!(!matches("ci-*", "prod-ci-bot"));
        assert!(matches(
            "arn:aws:iam::*:user/ci-?",
            "arn:aws:iam::1:user/ci-1"
        ));
        assert!(!matches(
            "arn:aws:iam::*:user/ci-?",
            "arn:aws:iam::1:user/ci-12"
        ));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "aXbYc"));
        assert!(!matches("a*b*c", "aXbY"));
        assert!(matches("exact", "exact"));
        assert!(!matches("exact", "exactly"));
    }
}
