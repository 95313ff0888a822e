"""Parse the labelled corpus and score it against its gold (development aid).

usage: .venv/bin/python tools/score_corpus.py [--show FIELD] [OUT_DIR]
Writes one JSON per document to OUT_DIR (default /tmp/cchc-corpus), prints planscore's
table for headers/ and plans/, then the header counts the parser issue is measured by
(issuer found, date right, year right). `--show issuer` lists every miss of that field.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from cchc.docparse import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(ROOT / "tools"))
import planscore  # noqa: E402


def main(argv: list[str]) -> None:
    show = None
    if "--show" in argv:
        i = argv.index("--show")
        show = argv[i + 1]
        del argv[i : i + 2]
    out = Path(argv[0] if argv else "/tmp/cchc-corpus")
    for part in ("headers", "plans"):
        (out / part).mkdir(parents=True, exist_ok=True)
        slow = []
        for gold_file in sorted((CORPUS / part).glob("*.json")):
            start = time.perf_counter()
            draft = parse(gold_file.with_suffix(".md")).to_dict()
            if time.perf_counter() - start > 1:
                slow.append(gold_file.stem)
            (out / part / gold_file.name).write_text(json.dumps(draft, ensure_ascii=False, indent=1), "utf-8")
        print(f"== {part}" + (f" (over 1 s: {', '.join(slow)})" if slow else ""))
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "planscore.py"), str(CORPUS / part), str(out / part)],
            check=False,
        )
    _header_counts(out, show)


def _header_counts(out: Path, show: str | None) -> None:
    counts = {"issuer": 0, "number": 0, "kind": 0, "date": 0, "year": 0, "title": 0}
    n = 0
    for part in ("headers", "plans"):
        for gold_file in sorted((CORPUS / part).glob("*.json")):
            gold = json.loads(gold_file.read_text("utf-8"))["document"]
            pred = json.loads((out / part / gold_file.name).read_text("utf-8"))["document"]
            n += 1
            for field in counts:
                ok = _same(field, gold.get(field), pred.get(field))
                counts[field] += ok
                if show == field and not ok:
                    where = f"{part}/{gold_file.stem} {field}"
                    print(f"  {where}: gold {gold.get(field)!r} | got {pred.get(field)!r}")
    print("header fields right, of", n, ":", ", ".join(f"{k} {v}" for k, v in counts.items()))


def _same(field: str, gold: object, pred: object) -> bool:
    if field in ("issuer", "title"):
        return planscore.sim(gold, pred) >= 0.9
    return planscore.norm(gold) == planscore.norm(pred)


if __name__ == "__main__":
    main(sys.argv[1:])
