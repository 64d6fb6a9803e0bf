"""The layer rule of docs/architecture.md: config > home > search > practices."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder, config):
    """Run import-linter on the packages of `folder` (and `folder/site`)."""
    environment = {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{folder / 'site'}"}
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(config), "--no-cache", "--no-logo"],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tree_keeps_the_layer_contract():
    result = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_refuses_an_upward_import_even_inside_a_function(tmp_path):
    """The same contract, on four tiny apps where practices reaches up into search."""
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in ("site/config", "home", "search", "practices"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "search" / "models.py").write_text("")
    (tmp_path / "practices" / "pages.py").write_text(
        "def context():\n    from search import models\n\n    return models\n"
    )
    config = tmp_path / "importlinter.toml"
    layers = ", ".join(f'"{layer}"' for layer in contract["contracts"][0]["layers"])
    roots = ", ".join(f'"{root}"' for root in contract["root_packages"])
    config.write_text(
        f"[tool.importlinter]\nroot_packages = [{roots}]\n\n"
        f'[[tool.importlinter.contracts]]\nname = "layers"\ntype = "layers"\n'
        f"layers = [{layers}]\n"
    )
    result = lint_imports(tmp_path, config)
    assert result.returncode != 0
    assert "practices.pages -> search.models" in result.stdout
