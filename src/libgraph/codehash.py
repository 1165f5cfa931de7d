"""What a cached output's code is: the package modules a stage runs, found from its entry points.

A cache entry is valid only for the code that made it. Each stage declares its entry points (and the
data files it reads) as :class:`CodeInputs`; the modules are the entry points and every package
module they import, directly or not, at module level or inside a function, found by reading their
import statements. A module added to a stage is covered without listing it anywhere.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "libgraph"
ROOT = Path(__file__).parent


def module_path(name: str, root: Path = ROOT) -> Path | None:
    """The source file of package module ``name`` (``libgraph.x.y``), or ``None`` if it is not one."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = [PACKAGE, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """The package modules that the module at ``path`` imports, anywhere in its code."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # ``from . import module``
    return {m for m in found if module_path(m, root) is not None}


def module_closure(roots: tuple[str, ...], root: Path = ROOT) -> list[Path]:
    """The source files of ``roots`` and of every package module they import, transitively."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_path(name, root)
        if path is None:
            raise ValueError(f"{name} is not a module of {PACKAGE}")
        seen[name] = path
        todo.extend(imported_modules(path, root) - seen.keys())
    return sorted(seen.values())


@dataclass(frozen=True)
class CodeInputs:
    """A stage's code: its entry-point modules and the package data files it reads (glob patterns)."""

    modules: tuple[str, ...]
    data: tuple[str, ...] = ()

    def files(self, root: Path = ROOT) -> list[Path]:
        data = sorted({p for pattern in self.data for p in root.glob(pattern) if p.is_file()})
        return module_closure(self.modules, root) + data

    def version(self, root: Path = ROOT) -> str:
        """A hash of the files' names and contents: changing any of them gives a new version."""
        h = hashlib.sha256()
        for path in self.files(root):
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
        return h.hexdigest()[:16]
