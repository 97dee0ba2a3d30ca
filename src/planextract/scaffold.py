"""``planextract new-plugin``: a ready plugin distribution, from scratch or from an existing one.

From scratch, the templates under ``templates/skeleton`` become a working skeleton: every
extractor member implemented in its simplest form, each place to adapt marked TODO, and a test
module running the contract kit, which says what is still missing. ``--from`` copies an
installed plugin's distribution (its package, tests and pyproject) and renames it, with the
samples, goldens and transcriptions its tests need, as the start of a neighbouring year.
"""

from __future__ import annotations

import keyword
import re
import shutil
from dataclasses import dataclass
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path

from .host import ENTRY_POINT_GROUP

TEMPLATES = Path(__file__).resolve().parent / "templates" / "skeleton"
#: Files whose text is renamed in a copy; everything else (PDFs, goldens, transcriptions) is data.
RENAMED_SUFFIXES = {".py", ".toml", ".md", ".cfg", ".ini", ".txt"}
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", "build", "dist", "samples")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(Exception):
    """The plugin cannot be made as asked (bad name, target exists, unknown source)."""


@dataclass(frozen=True)
class Names:
    """Every spelling of a plugin's name: entry point, package, distribution, class prefix."""

    name: str

    @property
    def package(self) -> str:
        return f"planextract_{self.name}"

    @property
    def dist(self) -> str:
        return f"planextract-{self.name.replace('_', '-')}"

    @property
    def camel(self) -> str:
        return "".join(part[:1].upper() + part[1:] for part in self.name.split("_"))

    def placeholders(self) -> dict[str, str]:
        return {"__PACKAGE__": self.package, "__DIST__": self.dist, "__CAMEL__": self.camel, "__NAME__": self.name}


def check_name(name: str) -> Names:
    """The plugin's names, or an error saying what a name must look like."""
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"plugin name {name!r}: use lower-case letters, digits and '_', starting with a "
                            "letter (for example ksl2015)")
    if any(ep.name == name for ep in entry_points(group=ENTRY_POINT_GROUP)):
        raise ScaffoldError(f"a plugin named {name!r} is already installed; choose another name")
    return Names(name)


def new_plugin(name: str, directory: str | Path = ".", source: str | None = None) -> Path:
    """Create ``directory/name``: from the skeleton, or as a renamed copy of plugin ``source``."""
    names = check_name(name)
    target = Path(directory) / name
    if target.exists():
        raise ScaffoldError(f"{target} already exists")
    if source is None:
        _render(TEMPLATES, target, names)
        (target / "samples" / "golden").mkdir()
        (target / "samples" / "other").mkdir()
    else:
        _copy(source, target, names)
    return target


def _render(templates: Path, target: Path, names: Names) -> None:
    for template in sorted(templates.rglob("*.tmpl")):
        relative = _substitute(str(template.relative_to(templates)).removesuffix(".tmpl"), names.placeholders())
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_substitute(template.read_text(encoding="utf-8"), names.placeholders()), encoding="utf-8")


def _substitute(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


# --------------------------------------------------------------------------- --from
def _copy(source: str, target: Path, names: Names) -> None:
    package, dist = _installed(source)
    package_dir = _package_dir(package)
    root = package_dir.parent.parent
    old = {package: names.package, dist: names.dist}
    old |= {variant(source): variant(names.name) for variant in (str, str.upper, lambda n: Names(n).camel)}
    if package_dir.parent.name == "src" and (root / "pyproject.toml").is_file():
        shutil.copytree(root, target, ignore=SKIPPED)
    else:  # installed without its source tree: the package, and a fresh pyproject and contract test
        _render(TEMPLATES, target, names)
        shutil.rmtree(target / "src" / names.package)
        shutil.copytree(package_dir, target / "src" / package, ignore=SKIPPED)
    _rename_tree(target, old)
    _copy_samples(source, root, target, names.name)


def _installed(source: str) -> tuple[str, str]:
    """The top-level package and the distribution of the installed plugin named ``source``."""
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == source]
    if not found:
        known = ", ".join(sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))) or "none"
        raise ScaffoldError(f"--from {source}: no installed plugin has that name (installed: {known})")
    entry = found[0]
    return entry.value.split(":")[0].split(".")[0], entry.dist.name if entry.dist else f"planextract-{source}"


def _package_dir(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ScaffoldError(f"the plugin's package {package!r} is not a package on disk")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _rename_tree(target: Path, old: dict[str, str]) -> None:
    """Rename files, folders and the text of code files, longest spelling first."""
    ordered = dict(sorted(old.items(), key=lambda item: -len(item[0])))
    for path in sorted(target.rglob("*"), key=lambda p: -len(p.parts)):
        if path.is_file() and path.suffix in RENAMED_SUFFIXES:
            path.write_text(_substitute(path.read_text(encoding="utf-8"), ordered), encoding="utf-8")
        renamed = _substitute(path.name, ordered)
        if renamed != path.name:
            path.rename(path.with_name(renamed))


def _copy_samples(source: str, root: Path, target: Path, name: str) -> None:
    """The source's sample, goldens, transcription and sample builder under the new name;
    other eras' sample PDFs into ``samples/other`` (detect must not claim them)."""
    from .testing import samples_folder

    folder = samples_folder(root, f"{source}.pdf")
    samples = target / "samples"
    (samples / "golden").mkdir(parents=True)
    (samples / "other").mkdir()
    _render(TEMPLATES / "samples", samples, Names(name))
    if not (folder / f"{source}.pdf").is_file():
        return  # no samples found: the contract says what to add
    shutil.copy2(folder / f"{source}.pdf", samples / f"{name}.pdf")
    for pdf in sorted(folder.glob("*.pdf")):
        if pdf.stem != source:
            shutil.copy2(pdf, samples / "other" / pdf.name)
    if (folder / "golden" / source).is_dir():
        shutil.copytree(folder / "golden" / source, samples / "golden" / name)
    if (folder / "source" / f"{source}.txt").is_file():
        (samples / "source").mkdir()
        shutil.copy2(folder / "source" / f"{source}.txt", samples / "source" / f"{name}.txt")
    if (folder / "build.py").is_file():
        shutil.copy2(folder / "build.py", samples / "build.py")
