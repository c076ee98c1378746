//! Answering a step this tool does not know: the answer goes in `VerificationCode` unless the line names
//! its header, as in `PinCode:1234` (the TUI's Tab does the same).

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{Factor, Prompt};

/// The question for a step: which factor, and in which header it is sent; for an unknown step, how to
/// send it in the other one.
pub fn question(prompt: &Prompt) -> String {
    if prompt.known_step {
        return format!("{}: ", prompt.factor.ask());
    }
    let other = prompt.factor.toggled().header();
    format!(
        "Enter the answer (sent as {}; type {other}:ANSWER to send it as {other}): ",
        prompt.factor.header()
    )
}

/// The header an answer to an unknown step goes in, and the answer without the header's name: a line
/// that starts with `PinCode:` or `VerificationCode:` (any case) names it, any other goes in `default`.
pub fn header_and_answer(default: Factor, line: SecretString) -> (Factor, SecretString) {
    let text = line.expose_secret();
    for factor in [Factor::PinCode, Factor::VerificationCode] {
        let name = factor.header();
        let named = text
            .get(..name.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(name))
            && text[name.len()..].starts_with(':');
        if named {
            return (factor, text[name.len() + 1..].trim().to_string().into());
        }
    }
    (default, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> (Factor, String) {
        let (factor, answer) = header_and_answer(Factor::VerificationCode, line.to_string().into());
        (factor, answer.expose_secret().to_string())
    }

    #[test]
    fn a_line_may_name_its_header() {
        assert_eq!(split("PinCode:1234"), (Factor::PinCode, "1234".into()));
        assert_eq!(split("pincode: rex"), (Factor::PinCode, "rex".into()));
        assert_eq!(
            split("VerificationCode:rex"),
            (Factor::VerificationCode, "rex".into())
        );
    }

    #[test]
    fn any_other_line_is_the_answer_as_it_is() {
        assert_eq!(split("rex"), (Factor::VerificationCode, "rex".into()));
        assert_eq!(split("Pin:1"), (Factor::VerificationCode, "Pin:1".into()));
        assert_eq!(
            split("PinCod€"),
            (Factor::VerificationCode, "PinCod€".into())
        );
    }

    #[test]
    fn the_question_says_how_to_switch() {
        let prompt = Prompt {
            step: "SecurityQuestion".into(),
            reason: "r".into(),
            factor: Factor::VerificationCode,
            known_step: false,
            step_number: 1,
            reasked: false,
        };
        assert_eq!(
            question(&prompt),
            "Enter the answer (sent as VerificationCode; type PinCode:ANSWER to send it as PinCode): "
        );
    }
}
