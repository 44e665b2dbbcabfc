"""The provider gateway on its own: clients, streaming, fault mapping, sync callers."""

import asyncio

import pytest

from copilot import gateway
from copilot.errors import ErrorCode
from copilot.gateway.provider import get_client
from tests.copilot.conftest import TEST_API_KEY
from tests.copilot.faults import FAULTS
from tests.support.provider_double import Reply
from tests.support.servers import free_port

MESSAGES = [{"role": "user", "content": "How is ACC-1 doing?"}]


@pytest.fixture
def config(provider):
    return gateway.LLMConfig.from_settings()


def collect(config, **kwargs):
    async def run():
        try:
            return [event async for event in gateway.stream(config, system="You help.", messages=MESSAGES)]
        finally:
            await gateway.aclose_clients()

    return asyncio.run(run())


def test_a_key_never_shows_in_a_configs_repr(config):
    assert TEST_API_KEY not in repr(config)


def test_clients_are_reused_within_an_event_loop_and_never_shared_across_loops(config):
    async def twice():
        try:
            return get_client(config), get_client(config), get_client(config.with_changes(timeout_seconds=99))
        finally:
            await gateway.aclose_clients()

    first, again, other = asyncio.run(twice())
    assert first is again and other is not first
    assert asyncio.run(twice())[0] is not first


def test_closing_a_loops_clients_closes_their_connections_and_forgets_them(config):
    async def build_close_rebuild():
        client = get_client(config)
        await gateway.aclose_clients()
        rebuilt = get_client(config)
        await gateway.aclose_clients()
        return client, client.is_closed(), rebuilt

    client, closed, rebuilt = asyncio.run(build_close_rebuild())
    assert closed is True and rebuilt is not client


def test_a_streamed_answer_arrives_in_pieces_then_the_whole_completion(provider, config):
    provider.enqueue(Reply.ok("The account is healthy and growing.", input_tokens=7, output_tokens=3))
    events = collect(config)

    pieces, completion = events[:-1], events[-1]
    assert len(pieces) > 1 and all(isinstance(piece, gateway.TextDelta) for piece in pieces)
    assert "".join(piece.text for piece in pieces) == completion.text == "The account is healthy and growing."
    assert (completion.input_tokens, completion.output_tokens, completion.streamed) == (7, 3, True)
    assert completion.time_to_first_token_ms is not None


def test_without_streaming_the_answer_is_one_piece_and_the_same_completion(provider, config):
    provider.enqueue(Reply.ok("One JSON answer.", input_tokens=7, output_tokens=3))
    events = collect(config.with_changes(streaming=False))

    assert events[0] == gateway.TextDelta("One JSON answer.")
    assert (events[1].text, events[1].streamed) == ("One JSON answer.", False)
    assert "stream" not in provider.requests[0]["body"]


def test_sync_callers_get_the_same_completion_on_a_loop_of_their_own(provider, config):
    provider.enqueue(Reply.ok("One."), Reply.ok("Two."))
    texts = [gateway.run_sync(gateway.complete, config, system="s", messages=MESSAGES).text for _ in range(2)]
    assert texts == ["One.", "Two."]
    assert len(provider.requests) == 2


@pytest.mark.parametrize(
    ("replies", "overrides", "code", "retries"),
    [(replies, overrides, code, retries) for _, replies, overrides, code, _, retries in FAULTS],
    ids=[fault[0] for fault in FAULTS],
)
def test_every_provider_fault_maps_to_its_documented_code(provider, settings, replies, overrides, code, retries):
    for name, value in overrides.items():
        setattr(settings, name, value)
    provider.enqueue(*replies)

    with pytest.raises(gateway.LLMError) as excinfo:
        collect(gateway.LLMConfig.from_settings())

    assert (excinfo.value.code, excinfo.value.retries) == (code, retries)


def test_a_closed_port_is_provider_unavailable(provider, settings):
    settings.ANTHROPIC_BASE_URL = f"http://127.0.0.1:{free_port()}"
    settings.GLM_MAX_RETRIES = 1

    with pytest.raises(gateway.LLMError) as excinfo:
        collect(gateway.LLMConfig.from_settings())

    assert (excinfo.value.code, excinfo.value.retries) == (ErrorCode.PROVIDER_UNAVAILABLE, 1)


def test_no_key_means_not_configured_and_no_request(provider, config):
    with pytest.raises(gateway.LLMError) as excinfo:
        collect(config.with_changes(api_key=""))
    assert excinfo.value.code == ErrorCode.LLM_NOT_CONFIGURED
    assert provider.requests == []


def test_a_wrong_key_is_provider_auth_failed(provider, config):
    with pytest.raises(gateway.LLMError) as excinfo:
        collect(config.with_changes(api_key="wrong"))
    assert excinfo.value.code == ErrorCode.PROVIDER_AUTH_FAILED
