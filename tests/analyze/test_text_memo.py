"""The per-text memo the date and count rules keep their regex passes in."""
from counterpoint.analyze.text_memo import TextMemo


def test_text_memo_computes_once_per_key_and_text():
    memo, calls = TextMemo(), []
    for _ in range(3):
        assert memo.get("dates", "On Monday police came.", lambda: calls.append(1) or ["Monday"]) == ["Monday"]
    memo.get("counts", "On Monday police came.", lambda: calls.append(1) or [])
    assert len(calls) == 2  # the same text under another key is another pass


def test_text_memo_starts_afresh_past_its_budget_of_characters():
    memo, calls = TextMemo(max_chars=30), []
    memo.get("k", "a" * 20, lambda: calls.append(1) or 1)
    memo.get("k", "b" * 20, lambda: calls.append(1) or 2)  # 40 characters: the first is dropped
    memo.get("k", "a" * 20, lambda: calls.append(1) or 1)
    assert len(calls) == 3
