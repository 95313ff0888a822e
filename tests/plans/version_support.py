"""A corrected re-issue of seed 000 (Kế hoạch 19/KH-UBND of Quận 11), for the version tests."""

from __future__ import annotations

from plans.import_support import seed_bytes

# Task 1.2, led by Phòng Nội vụ, "Khi có phát sinh" (when the need arises).
SEED_TITLE = "Kiện toàn Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Thành phố"
CORRECTED_TITLE = "Kiện toàn Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Quận 11"
CORRECTED_CODE = "1.2"


def corrected_seed(old: str = SEED_TITLE, new: str = CORRECTED_TITLE) -> bytes:
    """Seed 000 with `old` (printed once) replaced by `new`: another file of the same plan."""
    data = seed_bytes()
    assert data.count(old.encode()) == 1, old
    return data.replace(old.encode(), new.encode())
