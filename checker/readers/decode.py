"""Turn the bytes of a paste into text, or reject input that is not text."""

from __future__ import annotations

import codecs

from checker.errors import CheckerError

# A support ticket, even with a HAR file of a long session, stays far below
# this. Larger input is rejected before it is read whole.
# NOTE: the limit is a judgment call, not a measured need; raise it if real
# HAR exports with response bodies come close.
MAX_INPUT_BYTES = 32 * 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_limited(stream, name: str) -> bytes:
    """Read at most MAX_INPUT_BYTES from a binary stream, or raise CheckerError."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise CheckerError(
            f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; "
            "paste only the failing request and response, or export the HAR file without response bodies"
        )
    return data


def decode_text(data: bytes, name: str) -> str:
    """Decode a paste: UTF-32/UTF-16 by BOM or NUL pattern, then UTF-8, then Windows-1252.

    A UTF-8 byte-order mark is kept as U+FEFF, because an env file that starts
    with one is itself a finding (ENV301).
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _decode_or_reject(data, "utf-32", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_reject(data, "utf-16", name)

    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return _decode_or_reject(data, utf16, name)

    nul = data.find(b"\x00")
    if nul >= 0:
        raise CheckerError(
            f"{name} looks like binary data (a NUL byte at offset {nul}); "
            "diagnose reads text: paste the header, command, transcript, HAR, env file or code as text"
        )
    if data.startswith(b"\x1f\x8b"):
        raise CheckerError(f"{name} is gzip-compressed; decompress it first (gunzip) and diagnose the result")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 maps almost every byte, so old mail clients' output still reads.
        text = data.decode("cp1252", errors="replace")
    _reject_control_noise(text, name)
    return text


def _reject_control_noise(text: str, name: str) -> None:
    """Raise CheckerError when the sample is mostly control characters or undecodable bytes."""
    sample = text[:4096]
    if not sample:
        return
    noise = sum(1 for char in sample if (char < " " and char not in "\t\n\r\f") or char == "\ufffd")
    if noise > len(sample) // 10:
        raise CheckerError(
            f"{name} looks like binary data ({noise} control or undecodable characters in the first "
            f"{len(sample)}); diagnose reads text: paste the header, command, transcript, HAR, env file or code"
        )


def _guess_utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _decode_or_reject(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise CheckerError(
            f"{name} starts like {encoding.upper()} text but byte {error.start} is invalid; "
            "save it again as UTF-8 and rerun"
        ) from None
