import time

import pytest

from webhooks.signing import InvalidSignature, generate_secret, sign, verify


def headers(secret, body, *, timestamp=None, message_id="msg_1"):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "Webhook-Id": message_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": sign(secret, message_id, timestamp, body),
    }


def test_a_signature_verifies_with_its_secret_only():
    secret, body = generate_secret(), b'{"type":"idea.created"}'
    assert secret.startswith("whsec_")
    signed = headers(secret, body)
    assert signed["Webhook-Signature"].startswith("v1,")
    verify(secret, signed, body)
    with pytest.raises(InvalidSignature):
        verify(generate_secret(), signed, body)
    with pytest.raises(InvalidSignature):
        verify(secret, signed, body + b" ")


def test_the_standard_webhooks_example_verifies():
    # Test vector of the Standard Webhooks reference libraries.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected


def test_an_old_timestamp_or_missing_header_is_refused():
    secret, body = generate_secret(), b"{}"
    with pytest.raises(InvalidSignature):
        verify(secret, headers(secret, body, timestamp=int(time.time()) - 3600), body)
    with pytest.raises(InvalidSignature):
        verify(secret, {"Webhook-Id": "msg_1"}, body)


def test_any_of_several_signatures_may_match():
    old, new, body = generate_secret(), generate_secret(), b"{}"
    signed = headers(new, body)
    other = headers(old, body, timestamp=int(signed["Webhook-Timestamp"]))
    signed["Webhook-Signature"] = other["Webhook-Signature"] + " " + signed["Webhook-Signature"]
    verify(new, signed, body)
