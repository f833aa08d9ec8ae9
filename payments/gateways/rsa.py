"""RSA-SHA256 (PKCS#1 v1.5) signing and checking, as Alipay (RSA2) and WeChat Pay v3 use it."""

import base64
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def _pem(text, kind):
    """Keys may come from the environment as bare base64 (as the gateways' consoles show them)."""
    text = text.strip().replace("\\n", "\n")
    if "-----BEGIN" not in text:
        body = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
        text = f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"
    return text.encode()


@lru_cache(maxsize=8)
def private_key(text):
    return serialization.load_pem_private_key(_pem(text, "PRIVATE KEY"), password=None)


@lru_cache(maxsize=8)
def public_key(text):
    return serialization.load_pem_public_key(_pem(text, "PUBLIC KEY"))


def sign(message, key_text):
    signature = private_key(key_text).sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify(message, signature, key_text):
    try:
        public_key(key_text).verify(base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
