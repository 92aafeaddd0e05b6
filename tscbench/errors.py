"""Errors a user can fix. The CLI prints them as one line and exits with code 2."""


class TscbenchError(Exception):
    """Bad input: the message names the bad value, what is allowed, and the fix."""


class ConfigError(TscbenchError):
    """benchmark.toml, a CLI option or a generator parameter is wrong."""


class DataError(TscbenchError):
    """A data set file is missing, malformed or unusable."""


class UnknownNameError(TscbenchError):
    """A generator, task or other registered name does not exist."""


class ResultsError(TscbenchError):
    """Result files that cannot be put side by side (different benchmarks, teachers, specs)."""
