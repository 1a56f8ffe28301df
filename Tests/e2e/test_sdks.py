"""End-to-end: the official openai and anthropic SDKs, unchanged except base URL and key, against
`workjet serve` in front of a mock upstream. Run by Tests/e2e/run.sh."""
import os, pathlib
import anthropic, openai
import pytest

BASE = os.environ["WORKJET_URL"]
KEY = os.environ["WORKJET_KEY"]
LOG = pathlib.Path(os.environ["MOCK_LOG"])

oa = openai.OpenAI(base_url=BASE + "/v1", api_key=KEY, max_retries=0)
an = anthropic.Anthropic(base_url=BASE, api_key=KEY, max_retries=0)

def test_openai_plain():
    r = oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
    assert r.choices[0].message.content == "hello from mock"
    assert r.usage.prompt_tokens == 10

def test_openai_stream():
    chunks = oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}], stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "hello from mock"

def test_anthropic_plain_and_stream():
    r = an.messages.create(model="claude-test", max_tokens=32, messages=[{"role": "user", "content": "hi"}])
    assert r.content[0].text == "hello from mock"
    with an.messages.stream(model="claude-test", max_tokens=32, messages=[{"role": "user", "content": "hi"}]) as s:
        assert "".join(s.text_stream) == "hello from mock"

def test_card_is_redacted_before_the_upstream():
    raw = oa.chat.completions.with_raw_response.create(
        model="gpt-test", messages=[{"role": "user", "content": "charge card 4111 1111 1111 1111 today"}])
    assert "action=redact" in raw.headers["x-workjet-dlp"]
    last = LOG.read_text().strip().splitlines()[-1]
    assert "4111" not in last and "[CREDIT_CARD]" in last

def test_ssn_is_blocked():
    before = LOG.read_text()
    with pytest.raises(openai.BadRequestError) as e:
        oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "my SSN is 536-22-8745"}])
    assert "US_SSN" in str(e.value) and "536-22-8745" not in str(e.value)
    with pytest.raises(anthropic.BadRequestError):
        an.messages.create(model="claude-test", max_tokens=8, messages=[{"role": "user", "content": "SSN 536-22-8745"}])
    assert LOG.read_text() == before

def test_bad_key():
    bad = openai.OpenAI(base_url=BASE + "/v1", api_key="wj_live_wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
