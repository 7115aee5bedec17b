"""Subcommands of this leaf, registered on the ``kg`` command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.cli import AddCommand


def register(add: AddCommand) -> None:
    """Add this leaf's subcommands (none yet)."""
