//! The line that introduces each step the server asks for: in full, or in short when a step comes back
//! with the reason already shown (a second wrong code), so a long Reason is not repeated on every ask.

use crate::auth::Prompt;

/// What line mode last said of a step, to tell a step asked again with news from one without.
#[derive(Debug, Default)]
pub struct StepLines {
    /// The step and reason of the last line, as the server sent them.
    shown: Option<(String, String)>,
}

impl StepLines {
    /// The line that introduces `prompt`, remembered for the next one.
    pub fn introduce(&mut self, prompt: &Prompt) -> String {
        let unchanged = prompt.reasked
            && self
                .shown
                .as_ref()
                .is_some_and(|(step, reason)| *step == prompt.step && *reason == prompt.reason);
        self.shown = Some((prompt.step.clone(), prompt.reason.clone()));
        if unchanged {
            return format!(
                "Step {} again ({}): the server's reason is unchanged.",
                prompt.step_number, prompt.step
            );
        }
        let again = if prompt.reasked { " (asked again)" } else { "" };
        format!(
            "Step {}: {}{again} — {}",
            prompt.step_number, prompt.step, prompt.reason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Factor;

    fn prompt(step: &str, reason: &str, step_number: usize, reasked: bool) -> Prompt {
        Prompt {
            step: step.into(),
            reason: reason.into(),
            factor: Factor::VerificationCode,
            known_step: true,
            step_number,
            reasked,
        }
    }

    #[test]
    fn only_a_step_asked_again_with_the_reason_last_shown_is_shortened() {
        let mut lines = StepLines::default();
        let asks = [
            (
                prompt("SecutityPin", "Expecting pin code", 1, false),
                "Step 1: SecutityPin — Expecting pin code",
            ),
            (
                prompt("SecutityPin", "Wrong PIN", 1, true),
                "Step 1: SecutityPin (asked again) — Wrong PIN",
            ),
            (
                prompt("SecutityPin", "Wrong PIN", 1, true),
                "Step 1 again (SecutityPin): the server's reason is unchanged.",
            ),
            (
                prompt("SecutityPin", "Wrong PIN", 1, true),
                "Step 1 again (SecutityPin): the server's reason is unchanged.",
            ),
            (
                prompt("SecutityPin", "Last try", 1, true),
                "Step 1: SecutityPin (asked again) — Last try",
            ),
            // A new step with the same reason is a new step, said in full.
            (
                prompt("VerificationCode", "Last try", 2, false),
                "Step 2: VerificationCode — Last try",
            ),
        ];
        for (prompt, expected) in asks {
            assert_eq!(lines.introduce(&prompt), expected);
        }
    }
}
