"""The step library: one sentence, one call into support/."""
