"""A throw-away virtual environment layered over the running one, for installing plugins in tests.

The overlay sees every package of the project's venv (a ``.pth`` file adds its site-packages)
but installs into its own: a plugin a test installs there is discovered by planextract in the
overlay only, never reaches the project's venv, and goes when the folder goes, even when the
test fails half-way. No network is needed (``--no-deps --no-build-isolation``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path


class Overlay:
    def __init__(self, folder: Path) -> None:
        folder = folder.resolve()
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
        self.python = folder / "bin" / "python"
        site = subprocess.run([self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
        parent = sysconfig.get_paths()["purelib"]
        (Path(site) / "_planextract_overlay.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
        # only what the overlay itself installs: no plugin restriction, no tracing from the caller
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PLANEXTRACT_")}

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """``python ARGS`` in the overlay; output captured, exit status not checked."""
        return subprocess.run([self.python, *map(str, args)], cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=300)

    def install(self, project: Path) -> None:
        """``pip install -e project`` into the overlay, offline."""
        done = self.run("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                        "--no-build-isolation", "-e", project)
        if done.returncode:
            raise RuntimeError(f"pip install -e {project} failed:\n{done.stdout}\n{done.stderr}")

    def planextract(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "planextract", *args)
