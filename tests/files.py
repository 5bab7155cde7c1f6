"""Small real files of each accepted type (and impostors) for upload tests."""
import io
import struct
import zipfile
import zlib

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def docx(*extra: str) -> bytes:
    """A minimal Word document; ``extra`` names more parts (each a line of text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name in extra:
            archive.writestr(name, "x\n")
    return buffer.getvalue()


def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A valid Word-shaped ZIP whose one part really inflates to ``unpacked_mb`` MB of zeros.

    Built in milliseconds: after a full flush each MB of zeros deflates to the same bytes, so the
    compressed part is one MB's worth repeated. Python's zipfile would take seconds to write it.
    """
    zeros = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_mb = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = one_mb * unpacked_mb + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(unpacked_mb):
        crc = zlib.crc32(zeros, crc)
    return _zip([("[Content_Types].xml", b"<Types/>", 0), ("word/document.xml", b"<w:document/>", 0),
                 ("word/media/image1.png", data, (crc, unpacked_mb * len(zeros)))])


def _zip(entries) -> bytes:
    """A ZIP from (name, bytes, 0 for stored | (crc, size) for deflated bytes) entries."""
    out, directory = io.BytesIO(), []
    for name, data, deflated in entries:
        method, (crc, size) = (8, deflated) if deflated else (0, (zlib.crc32(data), len(data)))
        fields = (20, 0, method, 0, 0, crc, len(data), size, len(name.encode()), 0)
        directory.append(struct.pack("<4sH", b"PK\x01\x02", 20) + struct.pack("<5H3L2H", *fields)
                         + struct.pack("<3H2L", 0, 0, 0, 0, out.tell()) + name.encode())
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + name.encode() + data)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), out.tell() - start,
                          start, 0))
    return out.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", "MZ")
    return buffer.getvalue()


def upload(content: bytes, name: str):
    """A (stream, filename) pair as the Flask test client takes it."""
    return (io.BytesIO(content), name)
