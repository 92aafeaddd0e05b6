import tomllib
from pathlib import Path

import pytest

from tscbench.errors import ConfigError, UnknownNameError
from tscbench.generator import (
    GENERATORS,
    ByModality,
    Generator,
    check_generator_class,
    check_params,
    resolve_generator,
)
from tscbench.listing import generator_table
from tscbench.registry import PluginLoadError

from plugin_fixtures import make_plugin

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
#: the built-ins as the project declares them: read from pyproject.toml, never listed twice
BUILTINS = tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"]["tscbench.generators"]


def test_builtins_are_advertised_through_entry_points_like_plugins():
    entries = GENERATORS.entries()
    for name, target in BUILTINS.items():
        assert entries[name].source == "tscbench"  # the distribution that advertises it
        assert entries[name].target == target
    ours = {name for name, entry in entries.items() if entry.source == "tscbench"}
    assert ours == set(BUILTINS)


def test_unknown_generator_says_did_you_mean_and_lists_names():
    with pytest.raises(UnknownNameError) as info:
        GENERATORS.entry("bootstap")
    message = str(info.value)
    assert "Did you mean 'bootstrap'" in message
    assert "Available: " in message
    assert "noise" in message
    assert "\n" not in message


def test_entry_point_plugin_from_another_distribution(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(make_plugin(tmp_path)))
    assert "jitter" in GENERATORS.names()
    assert GENERATORS.entry("jitter").source == "tscbench-jitter"
    cls = resolve_generator("jitter", "tabular")
    assert cls.param_defaults() == {"sigma": 0.1, "copies": 1}


def test_broken_plugin_is_a_warning_in_list_and_an_error_when_selected(tmp_path, monkeypatch):
    make_plugin(tmp_path, dist="tscbench-broken", module="tscbench_broken_plugin",
                entries={"broken": "tscbench_broken_plugin:Nope"},
                code="raise ImportError('needs a package that is not installed')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _, warnings = generator_table()
    assert any("broken" in w and "needs a package" in w for w in warnings)
    with pytest.raises(PluginLoadError, match="failed to import"):
        resolve_generator("broken", "tabular")
    assert resolve_generator("noise", "tabular").__name__ == "GaussianNoise"  # others still work


def test_file_reference_loads_an_unpackaged_generator(tmp_path):
    from plugin_fixtures import PLUGIN_CODE

    path = tmp_path / "my_gen.py"
    path.write_text(PLUGIN_CODE)
    cls = resolve_generator(f"{path}:Jitter", "tabular")
    assert cls.__name__ == "Jitter"
    assert cls.param_defaults() == {"sigma": 0.1, "copies": 1}
    with pytest.raises(UnknownNameError, match="Did you mean 'Jitter'"):
        resolve_generator(f"{path}:Jiter", "tabular")
    with pytest.raises(UnknownNameError, match="does not exist"):
        resolve_generator(f"{tmp_path}/missing.py:Jitter", "tabular")


def test_modality_is_checked(tmp_path):
    class TabularOnly(Generator):
        pass

    GENERATORS.register("tabonly", TabularOnly)
    GENERATORS.register("split", ByModality(tabular="tscbench_generators.noise:GaussianNoise"))
    GENERATORS.register("notagen", dict)
    try:
        with pytest.raises(ConfigError, match="does not support image tasks"):
            resolve_generator("tabonly", "image")
        assert resolve_generator("split", "tabular").__name__ == "GaussianNoise"
        with pytest.raises(ConfigError, match="supports: tabular"):
            resolve_generator("split", "image")
        with pytest.raises(ConfigError, match=r"not a subclass of tscbench\.Generator"):
            resolve_generator("notagen", "tabular")
    finally:
        for name in ("tabonly", "split", "notagen"):
            GENERATORS.unregister(name)


def test_params_are_checked_against_the_constructor_and_coerced():
    cls = resolve_generator("noise", "tabular")
    assert check_params("noise", cls, {"scale": "0.5"}) == {"scale": 0.5}
    assert check_params("noise", cls, {"scale": 2}) == {"scale": 2.0}
    with pytest.raises(ConfigError, match="Did you mean 'scale'"):
        check_params("noise", cls, {"scael": 1})
    with pytest.raises(ConfigError, match="scale='big' should be float"):
        check_params("noise", cls, {"scale": "big"})


def test_get_params_records_defaults():
    cls = resolve_generator("noise", "tabular")
    assert cls().get_params() == {"scale": 1.0}
    assert cls(scale=2.0).get_params() == {"scale": 2.0}


def test_describe_is_the_docstrings_first_paragraph_on_one_line():
    class Documented(Generator):
        """First line,
        still the first paragraph.

        Details that a listing leaves out."""

    assert Documented.describe() == "First line, still the first paragraph."


def test_listing_reads_the_builtins_from_their_source_exactly_as_importing_them_would():
    from tscbench.listing import _describe, read_statically

    for name, entry in GENERATORS.entries().items():
        if entry.source == "tscbench":
            obj = GENERATORS.load(name)
            assert read_statically(entry.target) == (tuple(obj.modalities), _describe(obj))


def test_listing_commands_do_not_import_torch():
    """`tscbench list` answers in about a second: torch (seconds of imports) stays unloaded."""
    import subprocess
    import sys

    code = ("import io, contextlib, sys\nfrom tscbench.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['list', 'generators']); main(['list', 'tasks'])\n"
            "assert 'torch' not in sys.modules, 'torch was imported'\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_a_run_over_the_default_tasks_skips_the_tasks_a_generator_does_not_serve():
    from tscbench.config import load_config
    from tscbench.execution.planning import plan

    benchmark = load_config(None)
    said = []
    cells = plan(benchmark, ["gmm", "noise"], ["breast_cancer", "digits"], [0], {},
                 skip_unserved=True, warn=said.append)
    assert {(c.spec.task.name, c.spec.generator.name) for c in cells} == {
        ("breast_cancer", "gmm"), ("breast_cancer", "noise"), ("digits", "noise")}
    assert len(said) == 1
    assert all(word in said[0] for word in ("gmm", "digits", "image", "--task"))
    with pytest.raises(ConfigError, match="does not support image tasks"):  # named: refused
        plan(benchmark, ["gmm"], ["digits"], [0], {})
    with pytest.raises(ConfigError, match="serves none of the tasks"):
        plan(benchmark, ["gmm"], ["digits"], [0], {}, skip_unserved=True)


def test_a_misspelt_modality_is_named_where_it_is_declared():
    class Misspelt(Generator):
        modalities = ("tabluar",)

    with pytest.raises(ConfigError, match="'tabluar' is not one of"):
        check_generator_class("misspelt", Misspelt, "tabular")
