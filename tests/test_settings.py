import json
from pathlib import Path

import pytest

from app.core import settings as s


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded, ignored = s.load(tmp_path / "settings.json")
    assert loaded == s.Settings()
    assert ignored == []


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    wanted = s.Settings(
        instructions="Antworte auf Deutsch.",
        temperature=0.7,
        top_p=0.9,
        context_length=16384,
        threads=4,
        theme="dark",
        language="de",
        default_model="/models/x.gguf",
        offline_mode=True,
    )
    s.save(wanted, path)
    assert s.load(path) == (wanted, [])


def test_invalid_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "temperature": "hot",
                "top_p": 0.5,
                "threads": True,
                "theme": "purple",
                "context_length": 10,
                "language": "de",
            }
        )
    )
    loaded, ignored = s.load(path)
    assert loaded.top_p == 0.5 and loaded.language == "de"
    assert loaded.temperature == 1.0 and loaded.threads is None and loaded.theme == "system"
    assert sorted(ignored) == ["context_length", "temperature", "theme", "threads"]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\udcff"])
def test_damaged_file_gives_defaults_and_says_so(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    loaded, ignored = s.load(path)
    assert loaded == s.Settings()
    assert len(ignored) == 1 and ignored[0].startswith("the whole file")


def test_update_validates_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s.update(path, theme="light")
    assert s.update(path, temperature=0.2) == s.Settings(theme="light", temperature=0.2)
    with pytest.raises(ValueError):
        s.update(path, temperature=5)
    assert s.load(path)[0].temperature == 0.2
    assert not [p for p in tmp_path.iterdir() if p.name != "settings.json"]  # no temporaries left


def test_offline_follows_installed_model_until_chosen() -> None:
    assert s.Settings().offline(model_installed=False) is False
    assert s.Settings().offline(model_installed=True) is True
    assert s.Settings(offline_mode=False).offline(model_installed=True) is False


def test_sampling_values_llama_cpp_cannot_take_fall_back_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    # json writes NaN and Infinity, and reads them back: a hand-edited file may hold them.
    path.write_text(
        json.dumps(
            {"temperature": float("nan"), "top_p": 5, "threads": 100000, "context_length": -1}
        )
    )
    assert "NaN" in path.read_text()
    with caplog.at_level("WARNING", logger="lokal.settings"):
        loaded, ignored = s.load(path)
    assert loaded == s.Settings()
    assert sorted(ignored) == ["context_length", "temperature", "threads", "top_p"]
    (record,) = caplog.records
    assert "temperature" in record.getMessage() and "top_p" in record.getMessage()
    path.write_text(json.dumps({"temperature": float("inf"), "top_p": -0.5}))
    assert sorted(s.load(path)[1]) == ["temperature", "top_p"]


def test_a_clean_file_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    s.save(s.Settings(temperature=0.0, top_p=1.0), path)
    with caplog.at_level("WARNING", logger="lokal.settings"):
        assert s.load(path)[1] == []
    assert not caplog.records


def test_every_value_the_settings_allow_is_one_the_engine_accepts() -> None:
    from app.core.engine import protocol

    for temperature in s.TEMPERATURE_RANGE:
        assert protocol.temperature_problem(temperature) is None
    for top_p in s.TOP_P_RANGE:
        assert protocol.top_p_problem(top_p) is None
    for n_ctx in s.CONTEXT_RANGE:
        assert protocol.context_problem(n_ctx) is None
    for threads in s.THREADS_RANGE:
        assert protocol.threads_problem(threads) is None
    with pytest.raises(ValueError):
        s.update(None, temperature=float("nan"))
