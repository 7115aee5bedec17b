"""Shared fixtures: paths to the project's own test data and to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared() -> Path:
    """../shared: tests that need real documents read them from there (never copied here)."""
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"{SHARED} is missing: real-document tests need ../shared beside the checkout")
    return SHARED
