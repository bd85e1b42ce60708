"""Publish the browser tests' screenshots: copy <output>/<page>.png over assets/screenshots/<page>.png.

The tests write to e2e_helpers.SCREENSHOTS (default .e2e-output/screenshots, or $GPT_EXPLORER_SCREENSHOTS) so a
normal run never changes tracked files. Run the browser tests, look at the pictures, then:

    python tests/e2e/copy_screenshots.py            # copies every page the tests photographed
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # e2e_helpers, and the repo root it imports from
from e2e_helpers import REPO, SCREENSHOTS  # noqa: E402

PUBLISHED = REPO / "assets" / "screenshots"


def main() -> int:
    shots = sorted(SCREENSHOTS.glob("*.png"))
    if not shots:
        print(f"no screenshots in {SCREENSHOTS}: run `CI=true python -m pytest tests/e2e` first", file=sys.stderr)
        return 1
    PUBLISHED.mkdir(parents=True, exist_ok=True)
    for shot in shots:
        shutil.copyfile(shot, PUBLISHED / shot.name)
        print(f"{shot.name} -> {PUBLISHED.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
