"""Every machine runs the versions that were tested.

requirements.txt and requirements-test.txt are lock files compiled by
`make lock` (pip-compile) from requirements.in and requirements-test.in:
every package, direct or not, pinned exactly with its hashes. The Makefile
installs them with `--require-hashes`, so pip refuses a version or a file
that differs from the lock. These tests fail when a lock file is edited by
hand into something looser, when a direct dependency of the .in files is
missing from the lock or locked at another version, and when the virtual
environment running the suite does not hold the locked versions.
"""

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK_FILES = ("requirements.txt", "requirements-test.txt")


def lock_entries(name):
    """{package: (version, [hashes])} of a pip-compile lock file."""
    text = (ROOT / name).read_text()
    # Join the backslash-continued lines of each requirement.
    logical = re.sub(r"\\\n\s*", " ", text)
    entries = {}
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-"), f"{name}: unexpected option line {line!r}"
        spec, *options = line.split(" --hash=")
        requirement = Requirement(spec.strip())
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"{name}: {spec!r} is not pinned exactly"
        )
        entries[canonicalize_name(requirement.name)] = (specifiers[0].version, options)
    return entries


def direct_requirements(name):
    """{package: version} of the pins in a requirements .in file."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name}: {line!r} is not pinned exactly"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


@pytest.mark.parametrize("lock_file", LOCK_FILES)
def test_every_locked_package_is_pinned_with_its_hashes(lock_file):
    entries = lock_entries(lock_file)
    assert len(entries) > 20
    for package, (_version, hashes) in entries.items():
        assert hashes, f"{lock_file}: {package} has no hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h.strip()) for h in hashes), package


@pytest.mark.parametrize(
    ("source", "lock_file"),
    [("requirements.in", "requirements.txt"), ("requirements-test.in", "requirements-test.txt")],
)
def test_the_lock_holds_every_direct_dependency_at_its_pinned_version(source, lock_file):
    locked = lock_entries(lock_file)
    for package, version in direct_requirements(source).items():
        assert package in locked, f"{package} of {source} is missing from {lock_file}"
        assert locked[package][0] == version, f"{package}: {source} says {version}"


def test_the_test_lock_agrees_with_the_runtime_lock():
    runtime = lock_entries("requirements.txt")
    test = lock_entries("requirements-test.txt")
    assert set(runtime) <= set(test)
    assert {p: runtime[p][0] for p in runtime} == {p: test[p][0] for p in runtime}


def test_the_environment_runs_the_locked_versions():
    for package, (version, _hashes) in lock_entries("requirements-test.txt").items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{package}=={version} is locked but not installed")
        assert installed == version, f"{package}: {installed} installed, {version} locked"


def test_make_installs_from_the_lock_files_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    for lock_file in LOCK_FILES:
        assert f"pip install --quiet --require-hashes -r {lock_file}" in makefile
