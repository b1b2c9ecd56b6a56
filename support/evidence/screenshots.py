"""Screenshots for browser checks, kept under reports/ per run so two runs never mix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


class ScreenshotStore:
    """The folder is emptied at the first screenshot of a run, not before: a run that takes none (an API-only
    suite, `lapse measure`) leaves the last report's screenshots alone."""

    def __init__(self, reports_dir: Path, run_id: str) -> None:
        self.reports_dir = reports_dir
        self.folder = reports_dir / "screenshots"
        self.run_id = run_id
        self._count = 0
        self.scenario = "run"

    def save(self, png: bytes, label: str) -> str:
        """Write the PNG; return its path relative to the reports directory (what evidence stores)."""
        if self._count == 0:
            shutil.rmtree(self.folder, ignore_errors=True)  # old screenshots are never carried over
            self.folder.mkdir(parents=True, exist_ok=True)
        self._count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.scenario} {label}".lower()).strip("-")[:80]
        path = self.folder / f"{self.run_id}-{self._count:04d}-{slug}.png"
        path.write_bytes(png)
        return str(path.relative_to(self.reports_dir))
