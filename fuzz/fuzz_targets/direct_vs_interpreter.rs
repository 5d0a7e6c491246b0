//! The direct evaluator against the cel interpreter: an expression and
//! views generated from the input, evaluated both ways. The direct path
//! must give the interpreter's answer or decline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgaudit::checks::agreement::check;

fuzz_target!(|data: &[u8]| {
    let (source, problem) = check(data);
    if let Some(problem) = problem {
        panic!("{source}: {problem}");
    }
});
