from __future__ import annotations

import pytest

from crawler.destinations import DestinationPolicy


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_internal_or_odd_destinations_are_refused(url: str) -> None:
    reason = DestinationPolicy([]).refusal(url)
    assert reason is not None
    if url.startswith("http"):
        assert "allow_private" in reason or "scheme" in reason


def test_allow_list_by_name_and_network() -> None:
    policy = DestinationPolicy(["127.0.0.1", "news.test", "10.1.0.0/16"])
    assert policy.refusal("http://127.0.0.1:8000/feed") is None
    assert policy.refusal("http://sub.news.test/a") is None
    assert policy.refusal("http://10.1.2.3/") is None
    assert policy.refusal("http://10.2.0.1/") is not None
    assert policy.refusal("http://169.254.169.254/") is not None
