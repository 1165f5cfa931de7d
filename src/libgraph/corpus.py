"""Read a folder of articles: ``.txt``, ``.md`` and ``.jsonl`` files.

Each article gets its identity from a hash of its normalised text, a title
when its first line is a headline, and a publication date when its dateline
states one. Files that cannot be read are reported through ``problems`` and
skipped; they never stop the other articles.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .dates import find_date
from .errors import CorpusError
from .model import Article, InputProblem

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
FALLBACK_CODECS = ("cp1252", "latin-1")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"”’)]*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def normalise_text(raw: str) -> str:
    """Unicode NFC, LF line ends, no control characters, one paragraph per block.

    Lines inside a paragraph are joined with a space, so a name broken across
    lines stays one name; paragraphs (blank-line separated) are joined by a
    blank line, which the NLP stage treats as a sentence boundary. A first
    line that reads as a headline is kept as its own paragraph.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\t", " ").replace("\u00a0", " ")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_MD_HEADING.sub("", ln).strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if not paragraphs and len(lines) > 1 and _is_headline(lines[0]) and not lines[1][:1].islower():
            paragraphs.append(lines.pop(0))
        paragraphs.append(re.sub(r" {2,}", " ", " ".join(lines)))
    return "\n\n".join(paragraphs)


def _is_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 20 and not _SENTENCE_END.search(line) and line[:1].isupper()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_article(
    raw: str, source: str, *, title: str | None = None, date: str | None = None, url: str | None = None
) -> Article:
    """Normalise ``raw`` and derive the article's identity, title and date."""
    text = normalise_text(raw)
    first = text.split("\n\n", 1)[0]
    if title is None and _is_headline(first) and find_date(first) is None:
        title = first
    if date is None:
        head = "\n\n".join(text.split("\n\n", 3)[:3])[:400]
        date = find_date(head)
    return Article(id=content_hash(text), text=text, source=source, title=title, date=date, url=url)


def decode(data: bytes, source: str, problems: list[InputProblem]) -> str | None:
    """UTF-8 (with or without BOM), else a named single-byte fallback; ``None`` for binary data."""
    if b"\x00" in data[:8192]:
        problems.append(InputProblem(source, "binary content (NUL bytes)", "skipped"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for codec in FALLBACK_CODECS:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            problems.append(InputProblem(source, f"not UTF-8 ({exc.reason} at byte {exc.start})",
                                         f"decoded as {codec}"))
            return text
    problems.append(InputProblem(source, "undecodable bytes", "skipped"))
    return None


def iter_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` in a stable order; ``root`` may be a single file."""
    if root.is_file():
        yield root
        return
    if not root.is_dir():
        raise CorpusError(f"corpus {root} does not exist; pass --corpus DIR with .txt, .md or .jsonl files")
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES and not path.name.startswith("."):
            yield path


def iter_articles(
    root: Path, *, problems: list[InputProblem] | None = None, max_file_bytes: int = 20_000_000
) -> Iterator[Article]:
    """Yield the articles under ``root``; unreadable files are appended to ``problems``."""
    problems = [] if problems is None else problems
    seen: set[str] = set()
    for path in iter_files(root):
        source = str(path)
        try:
            if not path.is_file():
                continue
            size = path.stat().st_size
            if size > max_file_bytes:
                problems.append(InputProblem(source, f"{size} bytes exceeds max_file_bytes={max_file_bytes}",
                                             "skipped"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            problems.append(InputProblem(source, f"cannot read: {exc.strerror or exc}", "skipped"))
            continue
        raw = decode(data, source, problems)
        if raw is None:
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            articles = list(_read_jsonl(raw, source, problems))
        else:
            articles = [make_article(raw, source)] if raw.strip() else []
            if not articles:
                problems.append(InputProblem(source, "empty file", "skipped"))
        for article in articles:
            if article.id in seen:
                problems.append(InputProblem(article.source, "same text as an earlier article", "skipped"))
                continue
            seen.add(article.id)
            yield article


def _read_jsonl(raw: str, source: str, problems: list[InputProblem]) -> Iterator[Article]:
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}#{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(InputProblem(where, f"invalid JSON: {exc.msg}", "skipped"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            problems.append(InputProblem(where, "no 'text' string", "skipped"))
            continue

        def opt(key: str, record: dict[str, object] = record) -> str | None:
            value = record.get(key)
            return str(value) if value is not None else None

        art_source = f"{source}#{opt('id')}" if opt("id") else where
        yield make_article(record["text"], art_source, title=opt("title"), date=opt("date"), url=opt("url"))
