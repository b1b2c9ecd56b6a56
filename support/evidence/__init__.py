"""Evidence: what every scenario did and saw, in order, with secrets redacted."""
