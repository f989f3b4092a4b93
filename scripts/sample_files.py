"""Writes the sample PDF, DICOM series and NIfTI volume without third-party packages."""
import gzip
import struct
import sys
from pathlib import Path

out = Path(sys.argv[1])

# A one-page PDF with a valid cross-reference table.
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    None,
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
stream = b"BT /F1 18 Tf 20 45 Td (Curio sample) Tj ET"
objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
pdf = bytearray(b"%PDF-1.4\n")
offsets = []
for number, body in enumerate(objects, start=1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for offset in offsets:
    pdf += b"%010d 00000 n \n" % offset
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
(out / "pdf" / "hello.pdf").write_bytes(bytes(pdf))


def element(group, elem, vr, value):
    """Explicit VR little endian data element."""
    if isinstance(value, str):
        value = value.encode("ascii")
        if len(value) % 2:
            value += b"\0" if vr == b"UI" else b" "
    head = struct.pack("<HH", group, elem) + vr
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT"):
        return head + b"\0\0" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


study, series = "1.2.826.0.1.3680043.10.1071.1", "1.2.826.0.1.3680043.10.1071.1.2"
for n in range(3):
    sop = f"{series}.{n + 1}"
    meta = (element(0x0002, 0x0001, b"OB", b"\0\1") + element(0x0002, 0x0002, b"UI", "1.2.840.10008.5.1.4.1.1.2")
            + element(0x0002, 0x0003, b"UI", sop) + element(0x0002, 0x0010, b"UI", "1.2.840.10008.1.2.1"))
    pixels = bytes((x * 4 + y * 2 + n * 40) % 256 for y in range(32) for x in range(32))
    data = (element(0x0008, 0x0016, b"UI", "1.2.840.10008.5.1.4.1.1.2") + element(0x0008, 0x0018, b"UI", sop)
            + element(0x0008, 0x0060, b"CS", "CT") + element(0x0010, 0x0020, b"LO", "CURIO-SAMPLE")
            + element(0x0018, 0x0050, b"DS", "2.5") + element(0x0020, 0x000D, b"UI", study)
            + element(0x0020, 0x000E, b"UI", series) + element(0x0020, 0x0013, b"IS", str(n + 1))
            + element(0x0020, 0x0032, b"DS", f"0\\0\\{n * 2.5}") + element(0x0020, 0x0037, b"DS", "1\\0\\0\\0\\1\\0")
            + element(0x0028, 0x0002, b"US", struct.pack("<H", 1)) + element(0x0028, 0x0004, b"CS", "MONOCHROME2")
            + element(0x0028, 0x0010, b"US", struct.pack("<H", 32)) + element(0x0028, 0x0011, b"US", struct.pack("<H", 32))
            + element(0x0028, 0x0030, b"DS", "1\\1") + element(0x0028, 0x0100, b"US", struct.pack("<H", 8))
            + element(0x0028, 0x0101, b"US", struct.pack("<H", 8)) + element(0x0028, 0x0102, b"US", struct.pack("<H", 7))
            + element(0x0028, 0x0103, b"US", struct.pack("<H", 0)) + element(0x7FE0, 0x0010, b"OW", pixels))
    group_length = element(0x0002, 0x0000, b"UL", struct.pack("<I", len(meta)))
    (out / "dicom" / "ct-0001" / f"slice-{n + 1}.dcm").write_bytes(b"\0" * 128 + b"DICM" + group_length + meta + data)

# A 8x8x4 uint8 NIfTI-1 volume, gzipped.
header = bytearray(348)
struct.pack_into("<i", header, 0, 348)
struct.pack_into("<8h", header, 40, 3, 8, 8, 4, 1, 1, 1, 1)
struct.pack_into("<hh", header, 70, 2, 8)
struct.pack_into("<8f", header, 76, 1, 1.5, 1.5, 3, 1, 1, 1, 1)
struct.pack_into("<f", header, 108, 352.0)
header[344:348] = b"n+1\0"
volume = bytes((x + y + z * 8) % 256 for z in range(4) for y in range(8) for x in range(8))
(out / "nifti" / "phantom.nii.gz").write_bytes(gzip.compress(bytes(header) + b"\0" * 4 + volume, mtime=0))
