"""The mutation matrix: the feature library against the correct reference app and every broken variant.

`python -m support.mutants` (or `make mutants`) runs one behave process per (target, variant), a few in
parallel, judges each run against `mutants/expected.toml` (which scenario is meant to catch which variant),
prints the table and writes `reports/mutants.md` and `reports/mutants.json`. It fails if the correct app
fails anything, if a variant survives, or if a variant is caught only by scenarios not meant for it. This is
how Lapse proves its own checks can fail.
"""
