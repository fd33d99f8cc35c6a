"""Build the Scrapy egg that scrapyd runs: the project's packages, `settings`, and the `scrapy` settings entry
point scrapyd's runner looks for. (`scrapyd-deploy` would build one with setuptools' bdist_egg, which the
setuptools that venvs ship cannot do for this pyproject.toml.)

    python -m crawler.egg dist/newsarchive.egg
    scrapyd-deploy --egg dist/newsarchive.egg          # target and project from scrapy.cfg [deploy]
"""

from __future__ import annotations

import sys
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

__all__ = ["build_egg", "PACKAGES"]

PACKAGES = ("archive", "crawler", "spiders")
ROOT = Path(__file__).resolve().parent.parent


def build_egg(path: str | Path, egg_version: str | None = None, root: Path = ROOT) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if egg_version is None:
        try:
            egg_version = version("newsarchive")
        except PackageNotFoundError:
            egg_version = "0"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as egg:
        for package in PACKAGES:
            for file in sorted((root / package).rglob("*.py")):
                egg.write(file, file.relative_to(root).as_posix())
        egg.write(root / "settings.py", "settings.py")
        egg.writestr(
            "EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: newsarchive\nVersion: {egg_version}\n"
        )
        egg.writestr("EGG-INFO/entry_points.txt", "[scrapy]\nsettings = settings\n")
        egg.writestr("EGG-INFO/top_level.txt", "\n".join((*PACKAGES, "settings")) + "\n")
        egg.writestr("EGG-INFO/zip-safe", "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m crawler.egg OUT.egg")
    print(build_egg(args[0]))


if __name__ == "__main__":
    main()
