"""Packages for setuptools; everything else is in pyproject.toml.

The run-time data lives in the top-level ``resources/`` folder (the project's fixed layout) and is
installed as the package ``recon_app.resources``, so a wheel, ``pipx install`` and the editable
install all find it through ``importlib.resources`` (recon_app/paths.py). pyproject's
``packages.find`` cannot add a package that lives outside ``recon_app/``, hence this file.
"""

from setuptools import find_namespace_packages, find_packages, setup

DATA = ["*.toml", "*.csv", "*.qm", "*.png", "*.svg", "*.ico", "*.json"]
resource_packages = ["recon_app.resources"] + [
    f"recon_app.resources.{name}"
    for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])
]

setup(
    packages=[*find_packages(include=["recon_app", "recon_app.*"]), *resource_packages],
    package_dir={"recon_app.resources": "resources"},
    package_data=dict.fromkeys(resource_packages, DATA),
)
