"""`pip install .` yields a working coach: templates inside the wheel, the `rebound` script."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from bot.models import DraftKind

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_templates_and_runs_from_its_installed_copy(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("rebound_coach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in DraftKind:
        assert f"bot/templates/{kind.value}.txt.j2" in names
    assert {"bot/intent/learned.bin", "bot/intent/static.bin"} <= names  # the review's model
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "rebound = rebound.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True,
                   timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = ("log company: Acme; role: Designer; interviewer: Jane Smith; rejected: today; "
              "memory: the design critique\ndraft thank-you\n")
    result = subprocess.run(
        [sys.executable, "-c", "import bot, sys; print(bot.__file__, file=sys.stderr); "
         "from rebound.cli import main; sys.exit(main())", "chat", "--db",
         str(tmp_path / "x.db")],
        input=script, text=True, capture_output=True, env=env, cwd=tmp_path, timeout=60,
        check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(target)), "the installed copy must be the one running"
    assert "Hi Jane," in result.stdout and "the design critique" in result.stdout
