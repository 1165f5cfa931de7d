"""Read a folder of articles: ``.txt``, ``.md``, ``.html``, ``.jsonl``, ``.pdf`` and ``.docx`` files.

Each article gets its identity from a hash of its normalised text, a title
when its first line is a headline, and a publication date when its dateline
states one. Files that cannot be read are reported through ``problems`` and
skipped; they never stop the other articles.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from .cache import FileIndex, file_state
from .dates import find_date
from .errors import CorpusError
from .model import Article, InputProblem

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx"})  # their text is extracted (pypdf, python-docx)
CURATION_FILE = "curation.ttl"  # see libgraph.curation
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | DOCUMENT_SUFFIXES
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
    """UTF-8 (with or without BOM), else the encoding ``charset_normalizer`` detects (Windows-1251,
    Latin-1, ...), named in the report; ``None`` for binary data."""
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(InputProblem(source, "binary content (NUL bytes)", "skipped"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    # a detector needs evidence: with few non-ASCII bytes the usual Western encoding is the better guess
    non_ascii = sum(1 for b in data[:1_000_000] if b > 0x7F)
    best = charset_normalizer.from_bytes(data[:1_000_000]).best() if non_ascii >= 20 else None
    codecs = ([best.encoding] if best is not None else []) + list(FALLBACK_CODECS)
    for codec in codecs:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _printable_ratio(text) < 0.85:
            continue
        problems.append(InputProblem(source, reason, f"decoded as {codec}"))
        return text
    problems.append(InputProblem(source, f"{reason}; no text encoding fits", "skipped"))
    return None


def _printable_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 1.0
    good = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    return good / len(sample)


class _HTMLText(HTMLParser):
    """The text of an HTML page, one paragraph per block element; scripts and styles left out."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
                        "header", "footer", "blockquote", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|body|br)\b[^>]*>", head))


def html_to_text(text: str) -> str:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", "".join(parser.parts))


def iter_files(root: Path, problems: list[InputProblem] | None = None) -> Iterator[Path]:
    """Article files under ``root`` in a stable order; ``root`` may be a single file.

    Symbolic links to files are followed; links to directories are not (no loops), and broken or
    looping links are reported."""
    problems = [] if problems is None else problems
    if root.is_file():
        yield root
        return
    if not root.is_dir():
        raise CorpusError(f"corpus {root} does not exist; pass --corpus DIR with .txt, .md, .html, .jsonl, .pdf "
                          f"or .docx files")
    found: list[Path] = []
    folders = [str(root)]
    while folders:  # directory entries know their type: no system call per file to ask it
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(InputProblem(str(exc.filename or folder), f"cannot list: {exc.strerror}", "skipped"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            suffix = os.path.splitext(entry.name)[1].lower()
            if entry.name == CURATION_FILE and folder == str(root):
                continue  # the corrections kept beside the corpus (libgraph.curation), not an article
            if suffix not in ARTICLE_SUFFIXES:
                if entry.is_file():
                    problems.append(InputProblem(entry.path, f"not an article file ({suffix or 'no extension'}); "
                                                 f"libgraph reads {', '.join(sorted(ARTICLE_SUFFIXES))}", "skipped"))
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    path.resolve(strict=True)
                except (OSError, RuntimeError) as exc:
                    loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
                    problems.append(InputProblem(str(path), "symbolic link loop" if loop else "broken symbolic link",
                                                 "skipped"))
                    continue
            if not entry.is_file():
                problems.append(InputProblem(str(path), "not a regular file", "skipped"))
                continue
            found.append(path)
    yield from sorted(found)


def iter_articles(
    root: Path, *, problems: list[InputProblem] | None = None, max_file_bytes: int = 20_000_000,
    index: FileIndex | None = None,
) -> Iterator[Article]:
    """Yield the articles under ``root``; unreadable files are appended to ``problems``.

    With an ``index``, a file whose state (size, times, inode) is the one recorded is not opened:
    its articles and problems are those it gave when it was read."""
    problems = [] if problems is None else problems
    seen: set[str] = set()
    for path in iter_files(root, problems):
        source = corpus_path(path, root)
        try:
            state = file_state(path.stat())
        except OSError as exc:
            problems.append(InputProblem(source, f"cannot read: {exc.strerror or exc}", "skipped"))
            continue
        known = index.lookup(source, state) if index is not None else None
        articles: list[Article] | None
        if known is not None:
            articles, own = known.articles, known.problems
        else:
            own = []
            articles = _read_file(path, source, state[0], max_file_bytes, own)
            if index is not None and articles is not None:
                index.record(source, state, articles, own)
        problems += own
        for article in articles or ():
            if article.id in seen:
                problems.append(InputProblem(article.source, "same text as an earlier article", "skipped"))
                continue
            seen.add(article.id)
            yield article


def article_text(root: Path, source: str, content_hash: str) -> str | None:
    """The text of the article read from ``source`` (its ``lg:sourcePath``) in the corpus at ``root``,
    as the build read it, or ``None`` when the file is gone or no longer holds that text (its content hash
    is the article's identity: offsets into the text hold only for that text)."""
    name = source.split("#", 1)[0]
    path = root if not root.is_dir() else root / name
    try:
        path = path.resolve()
        if root.is_dir() and not path.is_relative_to(root.resolve()):
            return None  # a source path never leaves the corpus folder
        size = path.stat().st_size
    except OSError:
        return None
    for article in _read_file(path, source.split("#", 1)[0], size, 20_000_000, []) or ():
        if article.id == content_hash:
            return article.text
    return None


def corpus_path(path: Path, root: Path) -> str:
    """How an article's file is named in the graph (``lg:sourcePath``) and in reports: its path within
    the corpus folder (``reports/2024/visit.txt``), the same wherever the folder lies; a corpus
    given as one file is named by its file name."""
    if root.is_dir():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _read_file(path: Path, source: str, size: int, max_file_bytes: int,
               problems: list[InputProblem]) -> list[Article] | None:
    """The articles of one file, named ``source`` (its problems appended to ``problems``); ``None``
    when it could not be read (a condition that may pass: not recorded in the file index)."""
    if size > max_file_bytes:
        problems.append(InputProblem(source, f"{size} bytes exceeds max_file_bytes={max_file_bytes}", "skipped"))
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(InputProblem(source, f"cannot read: {exc.strerror or exc}", "skipped"))
        return None
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        text = document_text(data, path.suffix.lower(), source, problems)
        return [make_article(text, source)] if text is not None else []
    raw = decode(data, source, problems)
    if raw is None:
        return []
    if path.suffix.lower() in JSONL_SUFFIXES:
        return list(_read_jsonl(raw, source, problems))
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(raw):
        raw = html_to_text(raw)
        if path.suffix.lower() not in HTML_SUFFIXES:
            problems.append(InputProblem(source, "HTML markup", "read as text without its markup"))
    if not raw.strip():
        problems.append(InputProblem(source, "empty file" if not data.strip() else "no text", "skipped"))
        return []
    return [make_article(raw, source)]


def document_text(data: bytes, suffix: str, source: str, problems: list[InputProblem]) -> str | None:
    """The text of a PDF (its text layer, page by page) or a Word document (its paragraphs); ``None``
    with a problem reported when there is none to read (a scanned PDF is not guessed at)."""
    try:
        if suffix == ".pdf":
            from pypdf import PdfReader
            from pypdf.errors import PdfReadError

            try:
                reader = PdfReader(io.BytesIO(data))
                if reader.is_encrypted:
                    problems.append(InputProblem(source, "an encrypted PDF", "skipped"))
                    return None
                pages = [page.extract_text() or "" for page in reader.pages]
            except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
                    zlib.error, struct.error) as exc:
                problems.append(InputProblem(source, f"not a readable PDF: {exc}", "skipped"))
                return None
            text = "\n\n".join(p.strip() for p in pages if p.strip())
            if not text:
                problems.append(InputProblem(source, "a PDF without a text layer (scanned?): run OCR on it first",
                                             "skipped"))
                return None
            return text
        from zipfile import BadZipFile

        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except (BadZipFile, KeyError, ValueError) as exc:
            problems.append(InputProblem(source, f"not a readable Word document: {exc}", "skipped"))
            return None
        text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
        if not text:
            problems.append(InputProblem(source, "a Word document without text", "skipped"))
            return None
        return text
    except RecursionError:
        problems.append(InputProblem(source, f"a malformed {suffix[1:].upper()} (nested too deep)", "skipped"))
        return None


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
