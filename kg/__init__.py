"""Jianbao KG (简报知识图谱): Chinese government work bulletins into a knowledge graph.

``import kg`` is cheap: the NLP backbone, the web stack and pyvis are imported where used.
"""

from kg.errors import KgError

__all__ = ["KgError", "__version__"]
__version__ = "0.1.0"
