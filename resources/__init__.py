"""Run-time data of Recon, installed as ``recon_app.resources`` (see setup.py); read it through
``recon_app.paths.resource_path``."""
