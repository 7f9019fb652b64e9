"""Multipart file names and upload size bounds."""

import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.upload import (
    MAX_NAME_BYTES,
    check_upload,
    check_uploads,
    human_size,
    safe_filename,
    safe_parts,
)


@pytest.mark.parametrize("given, sent", [
    ("report.xml", "report.xml"),
    ("/var/lib/ci/out/TEST-com.shop.CartTest.xml", "TEST-com.shop.CartTest.xml"),
    ("..\\..\\Windows\\system32\\evil.dll", "evil.dll"),
    ("../../etc/passwd", "passwd"),
    ("dir/", "dir"),
    ("screenshot \"final\".png", "screenshot _final_.png"),
    ("it's.log", "it_s.log"),
    ("name\r\nX-Injected: 1.txt", "nameX-Injected_ 1.txt"),
    ("part\r\nContent-Type: text/html.txt", "html.txt"),
    ("nul\x00byte.txt", "nulbyte.txt"),
    ("tab\there.txt", "tabhere.txt"),
    ("photo\u202egnp.exe", "photognp.exe"),  # right-to-left override would show "exe.png"
    ("zero\u200bwidth.txt", "zerowidth.txt"),
    ("a<b>c|d?e*f;g.txt", "a_b_c_d_e_f_g.txt"),
    ("C:report.txt", "C_report.txt"),
    ("  spaced   out .txt  ", "spaced out .txt"),
    ("\u00a0nbsp\u2003em.txt", "nbsp em.txt"),
    (".hidden", "hidden"),
    ("trailing...", "trailing"),
    ("résumé-テスト.txt", "résumé-テスト.txt"),
    ("e\u0301.txt", "\u00e9.txt"),  # NFC: one code point, as the server compares names
    (b"bytes-name.xml", "bytes-name.xml"),
])
def test_safe_filename(given, sent):
    assert safe_filename(given) == sent


@pytest.mark.parametrize("given", ["", None, ".", "..", "/", "../..", "\x00\x01", "\u202e", " . "])
def test_nothing_left_gives_the_default(given):
    assert safe_filename(given) == "attachment"
    assert safe_filename(given, default="result.xml") == "result.xml"


def test_long_names_are_cut_on_a_character_boundary_and_keep_the_extension():
    name = "é" * 300 + ".png"
    sent = safe_filename(name)
    assert len(sent.encode("utf-8")) <= MAX_NAME_BYTES
    assert sent.endswith(".png") and sent.startswith("éé")
    sent.encode("utf-8").decode("utf-8")  # no half characters
    no_ext = safe_filename("x" * 400)
    assert no_ext == "x" * MAX_NAME_BYTES


def test_check_upload_gives_the_safe_name_type_and_size(tmp_path):
    path = tmp_path / "shot\u202e.png"
    path.write_bytes(b"\x89PNG" + b"0" * 96)
    upload = check_upload(str(path), "attachments")
    assert (upload.name, upload.size, upload.content_type) == ("shot.png", 100, "image/png")
    with upload:
        name, handle, ctype = upload.part()
        assert name == "shot.png" and handle.read(4) == b"\x89PNG" and ctype == "image/png"
    assert handle.closed
    renamed = check_upload(str(path), "attachments", name="../x\".txt")
    assert renamed.name == "x_.txt" and renamed.content_type == "text/plain"


def test_unknown_types_are_octet_stream(tmp_path):
    path = tmp_path / "blob.zzunknown"
    path.write_bytes(b"1")
    assert check_upload(str(path), "attachments").content_type == "application/octet-stream"


def _message(exc_info):
    text = str(exc_info.value)
    assert "\n" not in text
    return text


def test_too_large_fails_with_one_line_naming_the_option_and_both_sizes(tmp_path):
    path = tmp_path / "big.log"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(InputError) as err:
        check_upload(str(path), "attachments", max_bytes=2048)
    text = _message(err)
    assert err.value.option == "attachments"
    assert text.startswith("attachments: ") and "2.9 KiB" in text and "2.0 KiB" in text and "limit" in text
    assert check_upload(str(path), "attachments", max_bytes=0).size == 3000  # 0: unbounded


def test_missing_directory_and_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError) as err:
        check_upload(str(tmp_path / "nope.xml"), "results_file")
    assert "no such file" in _message(err) and err.value.option == "results_file"
    with pytest.raises(InputError) as err:
        check_upload(str(tmp_path), "results_file")
    assert "not a regular file" in _message(err)
    with pytest.raises(InputError) as err:
        check_upload("", "results_file")
    assert "required" in _message(err)
    locked = tmp_path / "locked.xml"
    locked.write_text("<x/>")
    os.chmod(str(locked), 0)
    try:
        if os.access(str(locked), os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(InputError) as err:
            check_upload(str(locked), "results_file")
        assert "cannot be read" in _message(err)
    finally:
        os.chmod(str(locked), 0o600)


def test_several_uploads_are_all_checked_before_any_is_sent(tmp_path):
    good = tmp_path / "a.txt"
    good.write_bytes(b"a" * 600)
    other = tmp_path / "b.txt"
    other.write_bytes(b"b" * 600)
    assert [u.name for u in check_uploads([str(good), str(other)], "attachments")] == ["a.txt", "b.txt"]
    with pytest.raises(InputError) as err:
        check_uploads([str(good), str(tmp_path / "missing.txt")], "attachments")
    assert "missing.txt" in _message(err)
    with pytest.raises(InputError) as err:
        check_uploads([str(good), str(other)], "attachments", max_total=1000)
    assert "2 files add up to 1.2 KiB" in _message(err)


def test_human_size():
    assert human_size(5) == "5 bytes"
    assert human_size(1536) == "1.5 KiB"
    assert human_size(100 * 1024 * 1024) == "100.0 MiB"
    assert human_size(3 * 1024 ** 4) == "3072.0 GiB"


def test_safe_parts_sanitizes_every_named_part_and_keeps_form_fields(tmp_path):
    path = tmp_path / "report.xml"
    path.write_bytes(b"<testsuite/>")
    with open(str(path), "rb") as handle:
        parts = safe_parts({"file": ("../x\r\n.xml", handle, "application/xml"),
                            "info": ("info.json", "{}", "application/json"),
                            "plain": (None, "text", "text/plain")})
        assert parts["file"] == ("x.xml", handle, "application/xml")
        assert parts["info"] == ("info.json", "{}", "application/json")
        assert parts["plain"] == (None, "text", "text/plain")
        listed = safe_parts([("attachment", ('a"b.png', b"png")), ("bare", handle)])
        assert listed == [("attachment", ("a_b.png", b"png")), ("bare", ("report.xml", handle))]
    assert safe_parts(None) is None and safe_parts({}) == {}


def test_safe_parts_bounds_sizes_of_bytes_text_and_files(tmp_path):
    big = tmp_path / "big.bin"
    with open(str(big), "wb") as handle:
        handle.truncate(5000)
    with open(str(big), "rb") as handle:
        with pytest.raises(ApiError) as err:
            safe_parts({"file": ("big.bin", handle)}, max_bytes=4096)
    assert "big.bin is 4.9 KiB, larger than the 4.0 KiB upload limit" in str(err.value)
    with pytest.raises(ApiError):
        safe_parts([("a", ("a.txt", b"x" * 5000))], max_bytes=4096)
    with pytest.raises(ApiError):
        safe_parts([("a", ("a.txt", "é" * 2100))], max_bytes=4096)  # counted in UTF-8 bytes
    assert safe_parts([("a", ("a.txt", b"x" * 4096))], max_bytes=4096)[0][1][0] == "a.txt"
