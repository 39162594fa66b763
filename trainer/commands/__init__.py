"""One module per CLI subcommand, loaded lazily by ``trainer.cli``."""
