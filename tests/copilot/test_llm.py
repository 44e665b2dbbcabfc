"""The GLM service module on its own: clients, async calls, configuration."""

import asyncio
import multiprocessing

import pytest

from copilot import llm
from copilot.errors import ErrorCode
from tests.copilot.conftest import TEST_API_KEY
from tests.copilot.faults import FAULTS
from tests.support.provider_double import Reply
from tests.support.servers import free_port

MESSAGES = [{"role": "user", "content": "How is ACC-1 doing?"}]


@pytest.fixture
def config(provider):
    return llm.LLMConfig.from_settings()


def test_clients_are_built_once_per_configuration_and_reused(config):
    assert llm.get_client(config) is llm.get_client(config)
    other = llm.LLMConfig(**{**config.__dict__, "timeout_seconds": 99})
    assert llm.get_client(other) is not llm.get_client(config)


def test_async_clients_are_reused_within_an_event_loop_and_never_shared_across_loops(config):
    async def twice():
        return llm.get_async_client(config), llm.get_async_client(config)

    first, again = asyncio.run(twice())
    assert first is again
    other_loop, _ = asyncio.run(twice())
    assert other_loop is not first


def test_a_forked_process_builds_its_own_clients_instead_of_sharing_its_parents(config):
    parents = llm.get_client(config)
    fork = multiprocessing.get_context("fork")
    answers = fork.SimpleQueue()
    child = fork.Process(target=lambda: answers.put(llm.get_client(config) is parents))
    child.start()
    child.join(timeout=30)

    assert child.exitcode == 0
    assert answers.get() is False
    assert llm.get_client(config) is parents  # the parent keeps its own


def test_closing_a_loops_clients_closes_their_connections_and_forgets_them(config):
    async def build_close_rebuild():
        client = llm.get_async_client(config)
        await llm.aclose_clients()
        return client, client.is_closed(), llm.get_async_client(config)

    client, closed, rebuilt = asyncio.run(build_close_rebuild())

    assert closed
    assert rebuilt is not client


def test_async_calls_work_across_successive_event_loops(provider, config):
    provider.enqueue(Reply.ok("One."), Reply.ok("Two."))
    texts = [asyncio.run(llm.acomplete(config, system="s", messages=MESSAGES)).text for _ in range(2)]
    assert texts == ["One.", "Two."]
    assert len(provider.requests) == 2


def test_the_config_never_shows_its_key(config):
    assert config.api_key not in repr(config)


@pytest.mark.parametrize("streaming", [True, False])
def test_async_calls_return_the_same_completion(provider, config, streaming):
    config = llm.LLMConfig(**{**config.__dict__, "streaming": streaming})
    provider.enqueue(Reply.ok("Async answer.", input_tokens=7, output_tokens=3))
    completion = asyncio.run(llm.acomplete(config, system="You help.", messages=MESSAGES))
    assert (completion.text, completion.input_tokens, completion.output_tokens) == ("Async answer.", 7, 3)
    assert completion.streamed is streaming


def test_async_calls_map_errors_and_count_retries(provider, config):
    provider.enqueue(Reply.error(529), Reply.error(529), Reply.error(529))
    with pytest.raises(llm.LLMError) as excinfo:
        asyncio.run(llm.acomplete(config, system="You help.", messages=MESSAGES))
    assert excinfo.value.code == ErrorCode.PROVIDER_UNAVAILABLE
    assert excinfo.value.retries == 2


@pytest.mark.parametrize(
    ("replies", "overrides", "code", "retries"),
    [(replies, overrides, code, retries) for _, replies, overrides, code, _, retries in FAULTS],
    ids=[fault[0] for fault in FAULTS],
)
def test_async_calls_map_every_provider_fault_as_the_api_does(provider, settings, replies, overrides, code, retries):
    for name, value in overrides.items():
        setattr(settings, name, value)
    provider.enqueue(*replies)

    with pytest.raises(llm.LLMError) as excinfo:
        asyncio.run(llm.acomplete(llm.LLMConfig.from_settings(), system="You help.", messages=MESSAGES))

    assert (excinfo.value.code, excinfo.value.retries) == (code, retries)
    assert TEST_API_KEY not in excinfo.value.message


def test_async_calls_to_a_closed_port_are_provider_unavailable(provider, settings):
    settings.ANTHROPIC_BASE_URL = f"http://127.0.0.1:{free_port()}"
    settings.GLM_MAX_RETRIES = 1

    with pytest.raises(llm.LLMError) as excinfo:
        asyncio.run(llm.acomplete(llm.LLMConfig.from_settings(), system="You help.", messages=MESSAGES))

    assert (excinfo.value.code, excinfo.value.retries) == (ErrorCode.PROVIDER_UNAVAILABLE, 1)


def test_no_key_means_not_configured_and_no_request(provider, config):
    config = llm.LLMConfig(**{**config.__dict__, "api_key": ""})
    with pytest.raises(llm.LLMError) as excinfo:
        llm.complete(config, system="s", messages=MESSAGES)
    assert excinfo.value.code == ErrorCode.LLM_NOT_CONFIGURED
    assert provider.requests == []


def test_a_wrong_key_is_provider_auth_failed(provider, config):
    config = llm.LLMConfig(**{**config.__dict__, "api_key": "wrong"})
    with pytest.raises(llm.LLMError) as excinfo:
        llm.complete(config, system="s", messages=MESSAGES)
    assert excinfo.value.code == ErrorCode.PROVIDER_AUTH_FAILED
