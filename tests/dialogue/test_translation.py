"""Machine translation against a real local OpenAI-compatible fake server.

The fake runs `http.server` on 127.0.0.1 with a random port, so requests go through
httpx's real transport: headers, JSON encoding, status codes and timeouts are the ones
a deployment would see.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.fake_mt import CANNED, FakeServer, running_fake_server
from tracktwo.dialogue.translation import (
    MachineTranslator,
    TranslationError,
    TranslatorSettings,
    settings_from_env,
    system_prompt,
)

API_KEY = "sk-test-secret-123"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_fake_server() as fake:
        yield fake


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as http_client:
        yield http_client


def make_translator(
    server: FakeServer,
    client: httpx.Client,
    *,
    api_key: str | None = API_KEY,
    timeout_seconds: float = 5.0,
) -> MachineTranslator:
    settings = TranslatorSettings(
        base_url=server.base_url, model="fake-mt-1", api_key=api_key, timeout_seconds=timeout_seconds
    )
    return MachineTranslator(settings, client=client)


EN = "Frontier models must be evaluated for biological risk before release."
ZH = "人工智能不应自主发动核攻击。"


def test_translates_english_to_simplified_chinese(server: FakeServer, client: httpx.Client) -> None:
    translator = make_translator(server, client)
    assert translator.translate(EN, "en", "zh") == CANNED[EN]

    [request] = server.behaviour.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.body["model"] == "fake-mt-1"
    assert request.body["temperature"] == 0
    system, user = request.body["messages"]
    assert system == {"role": "system", "content": system_prompt("en", "zh")}
    assert user == {"role": "user", "content": EN}
    assert "Simplified Chinese" in system["content"]
    assert "only the translation" in system["content"]


def test_translates_chinese_to_english(server: FakeServer, client: httpx.Client) -> None:
    translator = make_translator(server, client)
    assert translator.translate(ZH, "zh", "en") == CANNED[ZH]
    prompt = server.behaviour.requests[0].body["messages"][0]["content"]
    assert "from Simplified Chinese" in prompt
    assert "into English" in prompt


def test_no_authorization_header_without_a_key(server: FakeServer, client: httpx.Client) -> None:
    translator = make_translator(server, client, api_key=None)
    translator.translate(EN, "en", "zh")
    assert "authorization" not in server.behaviour.requests[0].headers


def test_trailing_slash_in_base_url(server: FakeServer, client: httpx.Client) -> None:
    settings = TranslatorSettings(base_url=server.base_url + "/", model="fake-mt-1")
    MachineTranslator(settings, client=client).translate(EN, "en", "zh")
    assert server.behaviour.requests[0].path == "/v1/chat/completions"


def test_own_client_when_none_is_injected(server: FakeServer) -> None:
    settings = TranslatorSettings(base_url=server.base_url, model="fake-mt-1")
    with MachineTranslator(settings) as translator:
        assert translator.translate(EN, "en", "zh") == CANNED[EN]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('  "前沿模型必须评估。"  \n', "前沿模型必须评估。"),
        ("“前沿模型必须评估。”", "前沿模型必须评估。"),
        ("「前沿模型必须评估。」", "前沿模型必须评估。"),
        ("\n前沿模型必须评估。\n", "前沿模型必须评估。"),
        # Quotes inside the text are part of it, even at both ends.
        ("“红线”是“必要的”", "“红线”是“必要的”"),
    ],
)
def test_reply_is_stripped_of_wrapping_quotes_and_whitespace(
    server: FakeServer, client: httpx.Client, reply: str, expected: str
) -> None:
    server.behaviour.content = reply
    assert make_translator(server, client).translate(EN, "en", "zh") == expected


def test_quotes_are_kept_when_the_source_is_quoted(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.content = "“安全第一。”"
    assert make_translator(server, client).translate('"Safety first."', "en", "zh") == "“安全第一。”"


def test_http_error_status(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "status"
    server.behaviour.status = 500
    with pytest.raises(TranslationError, match="HTTP 500") as caught:
        make_translator(server, client).translate(EN, "en", "zh")
    assert API_KEY not in str(caught.value)


def test_unauthorised_points_at_the_api_key(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "status"
    server.behaviour.status = 401
    with pytest.raises(TranslationError, match="TRACKTWO_MT_API_KEY") as caught:
        make_translator(server, client).translate(EN, "en", "zh")
    assert "HTTP 401" in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_wrong_path_points_at_the_base_url(server: FakeServer, client: httpx.Client) -> None:
    settings = TranslatorSettings(base_url=server.base_url + "/chat/completions", model="m")
    with pytest.raises(TranslationError, match=r"HTTP 404.*TRACKTWO_MT_BASE_URL"):
        MachineTranslator(settings, client=client).translate(EN, "en", "zh")


def test_malformed_json(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "malformed"
    with pytest.raises(TranslationError, match="malformed JSON"):
        make_translator(server, client).translate(EN, "en", "zh")


def test_no_choices(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "no_choices"
    with pytest.raises(TranslationError, match="no choices"):
        make_translator(server, client).translate(EN, "en", "zh")


def test_empty_choice(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "empty_choice"
    with pytest.raises(TranslationError, match="no message content"):
        make_translator(server, client).translate(EN, "en", "zh")


@pytest.mark.parametrize("reply", ["", "   ", '""', "“ ”"])
def test_empty_translation(server: FakeServer, client: httpx.Client, reply: str) -> None:
    server.behaviour.content = reply
    with pytest.raises(TranslationError, match="empty"):
        make_translator(server, client).translate(EN, "en", "zh")


def test_reply_cut_off_at_the_length_limit(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.content = "前沿模型在发布前"
    server.behaviour.finish_reason = "length"
    with pytest.raises(TranslationError, match="cut off"):
        make_translator(server, client).translate(EN, "en", "zh")


def test_overlong_reply_is_refused(server: FakeServer, client: httpx.Client) -> None:
    text = "No autonomous weapons."
    limit = 4 * len(text) + 200
    server.behaviour.content = "不" * limit
    assert make_translator(server, client).translate(text, "en", "zh") == "不" * limit
    server.behaviour.content = "不" * (limit + 1)
    with pytest.raises(TranslationError, match="characters"):
        make_translator(server, client).translate(text, "en", "zh")


def test_chinese_target_needs_chinese_characters(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.content = "Sure! Here is the translation you asked for."
    with pytest.raises(TranslationError, match="no Chinese characters"):
        make_translator(server, client).translate(EN, "en", "zh")


def test_english_target_must_not_be_mostly_chinese(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.content = ZH
    with pytest.raises(TranslationError, match="mostly Chinese"):
        make_translator(server, client).translate(ZH, "zh", "en")
    # A Chinese name inside an English sentence is fine.
    server.behaviour.content = "The Tsinghua statement (清华声明) calls for red lines."
    assert make_translator(server, client).translate(ZH, "zh", "en").startswith("The Tsinghua")


def test_timeout(server: FakeServer, client: httpx.Client) -> None:
    server.behaviour.mode = "sleep"
    server.behaviour.sleep_seconds = 1.0
    started = time.monotonic()
    with pytest.raises(TranslationError, match=r"timed out after 0\.2 s"):
        make_translator(server, client, timeout_seconds=0.2).translate(EN, "en", "zh")
    assert time.monotonic() - started < 0.9


def test_unreachable_endpoint(client: httpx.Client) -> None:
    # Bind a port and close it again: nothing listens there any more.
    closed = FakeServer()
    port = closed.server_address[1]
    closed.server_close()
    settings = TranslatorSettings(base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout_seconds=2.0)
    with pytest.raises(TranslationError, match="could not reach"):
        MachineTranslator(settings, client=client).translate(EN, "en", "zh")


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [(EN, "en", "en"), ("   ", "en", "zh"), (EN, "fr", "zh"), (EN, "en", "zh-TW")],
)
def test_bad_arguments_fail_before_any_request(
    server: FakeServer, client: httpx.Client, text: str, source: Any, target: Any
) -> None:
    with pytest.raises(ValueError):
        make_translator(server, client).translate(text, source, target)
    assert server.behaviour.requests == []


def test_api_key_is_never_logged_or_shown(
    server: FakeServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    translator = make_translator(server, client)
    translator.translate(EN, "en", "zh")
    server.behaviour.mode = "status"
    with pytest.raises(TranslationError):
        translator.translate(EN, "en", "zh")
    assert caplog.records, "the request should be logged"
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.__dict__)
    assert API_KEY not in repr(translator.settings)


@pytest.mark.parametrize(
    "settings_kwargs",
    [
        {"base_url": "ftp://example.com/v1", "model": "m"},
        {"base_url": "not a url", "model": "m"},
        {"base_url": "http://127.0.0.1:1/v1", "model": " "},
        {"base_url": "http://127.0.0.1:1/v1", "model": "m", "timeout_seconds": 0.0},
    ],
)
def test_invalid_settings(settings_kwargs: dict[str, Any]) -> None:
    with pytest.raises(TranslationError):
        TranslatorSettings(**settings_kwargs)


def test_settings_from_env_is_off_by_default() -> None:
    assert settings_from_env({}) is None
    assert settings_from_env({"TRACKTWO_MT_BASE_URL": "  ", "TRACKTWO_MT_MODEL": "m"}) is None


def test_settings_from_env_reads_all_three() -> None:
    settings = settings_from_env(
        {
            "TRACKTWO_MT_BASE_URL": " https://mt.example.org/v1 ",
            "TRACKTWO_MT_MODEL": "qwen2.5-7b-instruct",
            "TRACKTWO_MT_API_KEY": "sk-abc",
        }
    )
    assert settings == TranslatorSettings(
        base_url="https://mt.example.org/v1", model="qwen2.5-7b-instruct", api_key="sk-abc"
    )
    assert settings.timeout_seconds == 20.0
    assert settings.endpoint == "https://mt.example.org/v1/chat/completions"


def test_settings_from_env_key_is_optional() -> None:
    settings = settings_from_env(
        {
            "TRACKTWO_MT_BASE_URL": "http://127.0.0.1:8000/v1",
            "TRACKTWO_MT_MODEL": "m",
            "TRACKTWO_MT_API_KEY": "",
        }
    )
    assert settings is not None
    assert settings.api_key is None


def test_settings_from_env_needs_a_model_once_turned_on() -> None:
    with pytest.raises(TranslationError, match="TRACKTWO_MT_MODEL"):
        settings_from_env({"TRACKTWO_MT_BASE_URL": "http://127.0.0.1:8000/v1"})
