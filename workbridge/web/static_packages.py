"""Static files from the front-end packages that npm installs (package.json).

The design system's dist folder holds some 20 MB: every icon, every font weight, the Sass
sources. The app serves only what it uses: the compiled stylesheet and scripts, and the fonts
and images that stylesheet refers to. Collecting and compressing the rest for production
would take minutes and ship files nobody asks for.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")?#]+)""")


@dataclass(frozen=True)
class Package:
    """The files of one npm package's dist folder that are served under one prefix."""

    prefix: str
    root: Path
    files: tuple[str, ...]
    stylesheets: tuple[str, ...] = ()

    def served(self) -> set[str]:
        """The named files, their source maps, and whatever the stylesheets refer to."""
        names = set(self.files) | set(self.stylesheets)
        for name in list(names):
            if (self.root / f"{name}.map").is_file():
                names.add(f"{name}.map")
        for sheet in self.stylesheets:
            path = self.root / sheet
            if not path.is_file():
                continue
            folder = Path(sheet).parent
            for ref in _CSS_URL.findall(path.read_text(encoding="utf-8")):
                if ref.startswith(("data:", "http:", "https:", "/")):
                    continue
                target = (self.root / folder / ref).resolve()
                if target.is_file() and target.is_relative_to(self.root.resolve()):
                    names.add(target.relative_to(self.root.resolve()).as_posix())
        return names


def packages() -> tuple[Package, ...]:
    node = Path(settings.NODE_MODULES)
    return (
        Package(
            prefix="uswds",
            root=node / "@uswds" / "uswds" / "dist",
            files=("js/uswds.min.js", "js/uswds-init.min.js", "img/usa-icons/close.svg"),
            stylesheets=("css/uswds.min.css",),
        ),
        Package(prefix="htmx", root=node / "htmx.org" / "dist", files=("htmx.min.js",)),
    )


class PackageFinder(BaseFinder):
    """Finds the served files of each package in `packages()` under its prefix."""

    @cached_property
    def _served(self) -> dict[str, tuple[set[str], FileSystemStorage]]:
        found = {}
        for package in packages():
            storage = FileSystemStorage(location=package.root)
            storage.prefix = package.prefix
            found[package.prefix] = (package.served(), storage)
        return found

    def check(self, **kwargs):
        return [
            CheckWarning(
                f"The front-end package folder {package.root} is missing.",
                hint="Run `make setup` (it runs `npm ci`; Node.js 20 or newer is needed).",
                id="workbridge.W010",
            )
            for package in packages()
            if not package.root.is_dir()
        ]

    def find(self, path: str, find_all: bool = False):
        prefix, _, rest = path.partition("/")
        entry = self._served.get(prefix)
        if entry is None or rest not in entry[0]:
            return []
        match = str(Path(entry[1].location) / rest)
        return [match] if find_all else match

    def list(self, ignore_patterns) -> Iterator[tuple[str, FileSystemStorage]]:
        ignore_patterns = ignore_patterns or []
        for prefix, (names, storage) in self._served.items():
            if matches_patterns(prefix, ignore_patterns):
                continue
            for name in sorted(names):
                if not matches_patterns(f"{prefix}/{name}", ignore_patterns):
                    yield name, storage
