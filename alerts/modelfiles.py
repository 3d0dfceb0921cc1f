"""Where a database's model files live: beside it, named after it.

Apart from the models themselves so that judging can look for a file without importing
scikit-learn, which only the models need.
"""

from __future__ import annotations

from pathlib import Path


class ModelFileError(Exception):
    """A model cannot be trained or its file used; judging then goes on without it."""


def model_path_for(db_path: Path) -> Path:
    """The reviewer model (`defwatch model train`): defwatch.db -> defwatch.model.json."""
    return db_path.with_name(f"{db_path.stem}.model.json")


def seed_model_path_for(db_path: Path) -> Path:
    """The seed model (`defwatch model seed`): defwatch.db -> defwatch.seed-model.json."""
    return db_path.with_name(f"{db_path.stem}.seed-model.json")
