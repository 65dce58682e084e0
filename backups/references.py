"""The files the database names (every FileField and ImageField of every model), read in the
backup's snapshot, so a backup can say which of them it did not find in the file folders: files
deleted by hand, or moved between the public and private folder while the backup ran."""

from __future__ import annotations

import os
from dataclasses import dataclass

import psycopg
from django.apps import apps
from django.db import models
from psycopg import sql


@dataclass(frozen=True)
class Reference:
    field: models.FileField
    name: str  # as stored in the database

    def path(self) -> str | None:
        """Where the field's storage keeps the file; None for storage that is not a folder."""
        try:
            return os.path.abspath(self.field.storage.path(self.name))
        except NotImplementedError:
            return None


def file_fields() -> list[models.FileField]:
    fields = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        # Local fields only: a child model of multi-table inheritance shares its parent's columns.
        fields += [
            field
            for field in model._meta.local_concrete_fields
            if isinstance(field, models.FileField)
        ]
    return fields


def referenced_files(connection: psycopg.Connection) -> list[Reference]:
    columns = {
        (row[0], row[1])
        for row in connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
    }
    references = []
    for field in file_fields():
        table = field.model._meta.db_table
        if (table, field.column) not in columns:
            continue
        query = sql.SQL("SELECT DISTINCT {column} FROM {table} WHERE {column} <> ''").format(
            column=sql.Identifier(field.column), table=sql.Identifier(table)
        )
        references += [Reference(field, row[0]) for row in connection.execute(query)]
    return references


def not_archived(references: list[Reference], archived_paths: set[str]) -> list[str]:
    """The stored names of referenced files that the archive does not hold."""
    return sorted(
        {
            reference.name
            for reference in references
            if (path := reference.path()) is not None and path not in archived_paths
        }
    )
