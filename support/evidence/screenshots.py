"""Screenshots for browser checks, kept under reports/ per run so two runs never mix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


class ScreenshotStore:
    def __init__(self, reports_dir: Path, run_id: str) -> None:
        self.reports_dir = reports_dir
        self.folder = reports_dir / "screenshots"
        shutil.rmtree(self.folder, ignore_errors=True)  # old screenshots are never carried over
        self.folder.mkdir(parents=True, exist_ok=True)
        self.run_id = run_id
        self._count = 0
        self.scenario = "run"

    def save(self, png: bytes, label: str) -> str:
        """Write the PNG; return its path relative to the reports directory (what evidence stores)."""
        self._count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.scenario} {label}".lower()).strip("-")[:80]
        path = self.folder / f"{self.run_id}-{self._count:04d}-{slug}.png"
        path.write_bytes(png)
        return str(path.relative_to(self.reports_dir))
