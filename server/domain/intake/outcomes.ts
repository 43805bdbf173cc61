/** What an intake request came to, as the intake log shows it. */
export const intakeOutcomes = ["created", "duplicate", "conflict", "invalid"] as const;
export type IntakeOutcome = (typeof intakeOutcomes)[number];
