"""The documented table of micro-win rules (docs/progress-and-wins.md) lists exactly the rules the code evaluates."""
from __future__ import annotations

import re
from pathlib import Path

from stepping_stones.domain.wins import RULES

PROGRESS_AND_WINS = Path(__file__).resolve().parents[2] / "docs" / "progress-and-wins.md"


def test_the_docs_list_every_win_rule_and_no_other():
    section = PROGRESS_AND_WINS.read_text(encoding="utf-8").split("## The micro-win rules", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)
    assert listed == [rule.name for rule in RULES]
