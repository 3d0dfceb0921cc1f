"""The shipped watch rules (feeds.yml), which most detection tests judge with."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import WatchRules
from defwatch.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules() -> WatchRules:
    return load_config(str(ROOT / "feeds.yml")).config.watch
