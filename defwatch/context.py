"""What every command needs: the resolved paths, the configuration and the database, opened lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click
import sqlite_utils

from defwatch.config import Config, ConfigError, LoadedConfig, load_config
from storage.db import open_db
from storage.errors import StorageError
from storage.feeds import sync_feeds


@dataclass
class AppContext:
    db_path: str
    config_path: str
    verbosity: int = 0
    config_given: bool = False  # --config or DEFWATCH_CONFIG: a missing file is an error, not the default
    _config: LoadedConfig | None = field(default=None, repr=False)
    _db: sqlite_utils.Database | None = field(default=None, repr=False)

    @property
    def loaded(self) -> LoadedConfig:
        if self._config is None:
            try:
                self._config = load_config(self.config_path, fall_back_to_default=not self.config_given)
            except ConfigError as exc:
                raise click.ClickException(
                    str(exc) + "\nRun `defwatch config check` after fixing it."
                ) from exc
        return self._config

    @property
    def config(self) -> Config:
        return self.loaded.config

    def db(self, sync: bool = False, existing: bool = False) -> sqlite_utils.Database:
        """Open (and migrate) the database; with sync, make the feeds table follow feeds.yml.

        With existing, a missing file is an error: a command that only reads (a listing, the
        review UI) would otherwise create an empty database at a mistyped path and answer
        "nothing found", which reads like a true answer.
        """
        if self._db is None:
            if existing and not Path(self.db_path).exists():
                raise click.ClickException(
                    f"no database at {self.db_path}; point --db or DEFWATCH_DB at yours, or create one "
                    "with `defwatch init` (or `defwatch demo` for the sample data)"
                )
            try:
                self._db = open_db(self.db_path)
            except StorageError as exc:
                raise click.ClickException(str(exc)) from exc
        if sync:
            sync_feeds(self._db, self.config.feed_specs())
        return self._db
