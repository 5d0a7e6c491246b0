//! Wildcard matching as IAM does it: `*` is any run of characters, `?` one
//! character; actions compare case-insensitively, ARNs case-sensitively.

/// Glob match with `*` and `?` (iterative, linear backtracking). Policy
/// text is ASCII in practice: that path allocates nothing.
pub fn glob_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        let eq = |a: &u8, b: &u8| {
            if ignore_case {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        return glob(pattern.as_bytes(), text.as_bytes(), b'*', b'?', eq);
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: &char, b: &char| {
        if ignore_case {
            a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    };
    glob(&p, &t, '*', '?', eq)
}

fn glob<T: PartialEq>(p: &[T], t: &[T], star: T, one: T, eq: impl Fn(&T, &T) -> bool) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == one || (p[pi] != star && eq(&p[pi], &t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star {
            backtrack = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = backtrack {
            pi = sp + 1;
            ti = st + 1;
            backtrack = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// Does an `Action`/`NotAction` pattern match `action` (`service:Name`)?
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_match(pattern, action, true)
}

/// Actions of very different shapes: a pattern that matches them all and
/// names no service or action text matches every action (`*`, `*:*`, `?*:*`).
const EVERY_ACTION_PROBES: [&str; 4] = [
    "a:b",
    "iam:createaccesskey",
    "ec2:runinstances",
    "access-analyzer:deleteanalyzer",
];

/// Is this pattern a match-every-action wildcard?
pub fn matches_every_action(pattern: &str) -> bool {
    pattern.chars().all(|c| matches!(c, '*' | '?' | ':'))
        && EVERY_ACTION_PROBES
            .iter()
            .all(|a| action_matches(pattern, a))
}

/// Resources of three services with empty and filled region/account fields:
/// a pattern that matches all three is treated as "every resource".
pub const RESOURCE_PROBES: [&str; 3] = [
    "arn:aws:iam::111122223333:user/orgaudit-probe",
    "arn:aws:s3:::orgaudit-probe-bucket/key",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
];

/// Does a `Resource` pattern cover every resource?
pub fn matches_every_resource(pattern: &str) -> bool {
    RESOURCE_PROBES
        .iter()
        .all(|r| glob_match(pattern, r, false))
}

/// The 12-digit account of an ARN (its fifth field), or of a bare account id.
/// `None` for anything else: a substring never decides ownership.
pub fn arn_account(principal: &str) -> Option<&str> {
    let account = if principal.starts_with("arn:") {
        principal.split(':').nth(4)?
    } else {
        principal
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("iam:Get*", "IAM:GetUser", true));
        assert!(!glob_match("iam:Get*", "IAM:GetUser", false));
        assert!(glob_match("iam:Put????Policy", "iam:PutUserPolicy", true));
        assert!(!glob_match("iam:Put????Policy", "iam:PutGroupPolicy", true));
        assert!(glob_match("a*b*c", "aXXbYYc", false));
        assert!(!glob_match("a*b*c", "aXXbYY", false));
        assert!(glob_match("", "", false));
        assert!(!glob_match("", "x", false));
    }

    #[test]
    fn every_action() {
        for p in ["*", "*:*", "**", "?*:*"] {
            assert!(matches_every_action(p), "{p}");
        }
        for p in ["?:?", "*:Get*", "iam:*", "s3*"] {
            assert!(!matches_every_action(p), "{p}");
        }
    }

    #[test]
    fn every_resource() {
        assert!(matches_every_resource("*"));
        assert!(matches_every_resource("arn:*"));
        assert!(matches_every_resource("arn:aws:*:*:*:*"));
        assert!(!matches_every_resource("arn:aws:s3:::*"));
        assert!(!matches_every_resource("ARN:AWS:*"));
    }

    #[test]
    fn accounts_are_exact() {
        assert_eq!(
            arn_account("arn:aws:iam::999988887777:role/deploy-111122223333"),
            Some("999988887777")
        );
        assert_eq!(arn_account("111122223333"), Some("111122223333"));
        assert_eq!(arn_account("arn:aws:iam::aws:policy/X"), None);
        assert_eq!(arn_account("AROAEXAMPLEID"), None);
    }
}
