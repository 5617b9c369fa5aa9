"""The headless front end: ``recon-app <command>``. Calls the same services as the GUI."""
