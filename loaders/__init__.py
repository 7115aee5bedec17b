"""Loaders: files into documents (readers) and documents into structure (BulletinParser)."""

from loaders.bulletin import BulletinParser, parse
from loaders.readers import iter_input_files, read_path

__all__ = ["BulletinParser", "iter_input_files", "parse", "read_path"]
