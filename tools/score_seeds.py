"""Parse every seed and score the output against the gold (development aid).

usage: .venv/bin/python tools/score_seeds.py [OUT_DIR]
Writes one JSON per seed to OUT_DIR (default /tmp/cchc-pred) and prints planscore's table.
"""

import json
import subprocess
import sys
from pathlib import Path

from cchc.docparse import parse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cchc-pred")
    out.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.iterdir()):
        draft = parse(seed)
        text = json.dumps(draft.to_dict(), ensure_ascii=False, indent=1)
        (out / f"{seed.stem}.json").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "tools" / "planscore.py"), str(GOLD), str(out)], check=False)


if __name__ == "__main__":
    main()
