"""Just enough protobuf wire format to read the few Anki messages we need.

Anki's newest packages keep some data as protobuf: the ``media`` map (``MediaEntries``),
note-type config (``kind = 1`` is cloze) and template config (``q_format = 1``,
``a_format = 2``). These are varint and length-delimited fields; reading them by hand
spares a protobuf dependency.
"""

from __future__ import annotations

from collections.abc import Iterator

from trainer.errors import DeckFormatError, FormatProblem

Field = tuple[int, int, int | bytes]


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise WireError("varint too long")


def fields(data: bytes) -> Iterator[Field]:
    """``(field number, wire type, value)`` for each field; fixed-width values come as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, wire, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise WireError("truncated length-delimited field")
            yield number, wire, data[pos : pos + length]
            pos += length
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if pos + width > len(data):
                raise WireError("truncated fixed-width field")
            yield number, wire, data[pos : pos + width]
            pos += width
        else:
            raise WireError(f"unsupported wire type {wire}")


def first_int(data: bytes, number: int, default: int = 0) -> int:
    for field, wire, value in fields(data):
        if field == number and wire == 0:
            assert isinstance(value, int)
            return value
    return default


def first_text(data: bytes, number: int) -> str:
    for field, wire, value in fields(data):
        if field == number and wire == 2:
            assert isinstance(value, bytes)
            return value.decode("utf-8", "replace")
    return ""


def media_entries(data: bytes, source: str) -> list[tuple[str, str]]:
    """``MediaEntries`` -> ``[(zip member name, file name)]``, in order.

    ``message MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3;
    optional uint32 legacy_zip_filename = 255; }``; the member is the entry's index
    unless ``legacy_zip_filename`` says otherwise.
    """
    out: list[tuple[str, str]] = []
    try:
        for index, (number, wire, value) in enumerate(
            f for f in fields(data) if f[0] == 1 and f[1] == 2
        ):
            assert isinstance(value, bytes) and number == 1 and wire == 2
            name, member = "", str(index)
            for sub, sub_wire, sub_value in fields(value):
                if sub == 1 and sub_wire == 2 and isinstance(sub_value, bytes):
                    name = sub_value.decode("utf-8", "replace")
                elif sub == 255 and sub_wire == 0:
                    member = str(sub_value)
            out.append((member, name))
    except WireError as error:
        raise DeckFormatError(
            FormatProblem(source, None, "media", f"corrupt media list: {error}")
        ) from error
    return out


def encode_varint(value: int) -> bytes:
    """Varint bytes (used by tests to build packages)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
