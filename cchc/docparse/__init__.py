"""Read plan documents (txt, docx, pdf, html, doc) into structured plans.

Pure Python: nothing here imports Django, so the parser can be used, tested and
benchmarked alone. The entry point is `parse()`; its output is a `PlanDraft` whose
`to_dict()` is the contract in docs/plan-schema.md.
"""

from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.model import PlanDraft
from cchc.docparse.pipeline import parse, parse_with_blocks

__all__ = ["PlanDraft", "UnreadableDocument", "parse", "parse_with_blocks"]
