"""documents → languages: each segment's language, fixed or detected per paragraph.

``assign`` (the algorithm: paragraphs, short text, the text around it) decides with evidence
from ``scripts`` (writing systems), ``stopwords`` (spaCy's lists, read without spaCy) and, only
when those cannot settle a paragraph, ``model`` (py3langid, kept on disk in a fast form)."""

from promiselint.detection.assign import LanguageChooser, primary_language

__all__ = ["LanguageChooser", "primary_language"]
